// SPDX-License-Identifier: Apache-2.0
#pragma once

// 人材育成's pages (training_pages.cpp), under /training.

#include "domain/directory.hpp"
#include "domain/training_service.hpp"
#include "http/router.hpp"

namespace kasane::web {

void AddTrainingPages(http::Router& router, domain::TrainingService& training, domain::Directory& directory);

}  // namespace kasane::web
