// SPDX-License-Identifier: Apache-2.0
#include "domain/report_definition.hpp"

#include <array>

namespace kasane::domain {

namespace {

// Each definition says what ReportRepository::CountConsultations and ShowPeriod do; report_explain_test checks that
// the records the explanation lists for each cell number the cell's figure.
constexpr std::array kFiscalYearCells{
    ReportCellDefinition{"contacts", "延べ件数",
                         "期間中に日時のある対応（受付と継続の対応）の数。取り消した相談・対応は数えません。匿名の相談"
                         "の対応も数えます。"},
    ReportCellDefinition{"persons", "実人数",
                         "期間中に対応のあった相談の本人の数。名寄せした記録は統合先の1人と数え、同じ人は何回対応が"
                         "あっても1人です（実）。匿名の相談は数えません。"},
    ReportCellDefinition{"households", "世帯数", "期間中の対応に記録された世帯の数（同じ世帯は1つ）。"},
    ReportCellDefinition{"consultations", "相談（スレッド）数",
                         "期間中に対応が1件以上ある相談の数（同じ相談に対応が何回あっても1つ）。"},
    ReportCellDefinition{"category", "困りごと別",
                         "その困りごとを付けた相談の、期間中の対応の数（延べ）と本人の数（実）。1つの相談に複数の"
                         "困りごとがあれば、それぞれに数えます（合計は延べ件数を超えることがあります）。"},
    ReportCellDefinition{"channel", "経路別", "期間中の対応を、その対応の経路（電話・来所・訪問など）で分けた数。"},
    ReportCellDefinition{"source", "相談者別",
                         "期間中の対応を、相談者（本人・家族・関係機関など）で分けた数。「関係機関からの相談の割合」は"
                         "相談者が関係機関の延べ件数を延べ件数で割ったものです。"},
    ReportCellDefinition{"organization", "受付機関別", "期間中の対応を、その対応をした機関で分けた数。"},
    ReportCellDefinition{"outcome", "対応結果別", "期間中の対応を、その相談の対応結果（集計時点）で分けた数。"},
    ReportCellDefinition{"field", "分野別",
                         "期間中の対応を、その相談の困りごとが属する分野（高齢・障がい・子ども・生活困窮・その他）で"
                         "分けた数（延べ）と本人の数（実）。困りごとが複数の分野にまたがる対応はそれぞれの分野に1回"
                         "数えます（合計は延べ件数を超えることがあります）。"},
    ReportCellDefinition{"household_size", "世帯人員別",
                         "期間中の対応（延べ）と本人（実）を、期間の末日に本人が属する世帯の人数（1人〜5人以上）で"
                         "分けた数。世帯の登録がない人と匿名の相談は不明です。"},
    ReportCellDefinition{"trait", "課題と特性別",
                         "期間中に対応のあった本人（実人数）のうち、その課題と特性が記録されている人の数（実）。名寄せ"
                         "した記録は統合先の1人と数え、統合された記録の課題と特性も合わせます。1人に複数の課題と特性が"
                         "あればそれぞれに数えます（合計は実人数を超えることがあります）。何も記録されていない人は"
                         "「未記入」です。課題と特性は集計時点の記録です。"},
    ReportCellDefinition{"data_quality", "データの質",
                         "期間中に対応のあった本人（実人数）のうち、氏名・ふりがな・生年月日・性別・電話・住所の各項目"
                         "が空欄で、理由が「不明」「回答拒否」「未聴取」の人数と、実人数に占める割合。"},
    ReportCellDefinition{
        "cases", "多機関協働",
        "開始日が期間中の支援ケースの数（開始件数）、終結日が期間中で終結した支援ケースの数（終結件数）"
        "、承認日が期間中の支援プランの版の数（プラン作成件数）。日付は日本時間で見ます。"},
    ReportCellDefinition{"program", "事業別",
                         "支援ケースにかかわる事業（多機関協働・アウトリーチ・参加支援）ごとに、その事業のかかわりを"
                         "期間中に始めた数（開始）、終えた数（終結・中断）。"},
    ReportCellDefinition{"meetings", "会議の開催状況",
                         "開催日が期間中の会議の数を会議体ごとに数えたもの（議題の有無を問いません）。2つの会議体の"
                         "共同開催はそれぞれに1回、合計では1回です。検討人数は議題にした人の数（実は同じ人を1人、延べ"
                         "は会議ごと）。根拠（支援会議・重層的支援会議など）ごとの数は、その根拠の会議体の数の合計です"
                         "。"},
    ReportCellDefinition{"outreach", "アウトリーチ等を通じた継続的支援",
                         "期間中の方法「訪問」の記録の数（訪問件数）と、期間中に訪問・電話・手紙・同行のいずれかを記録"
                         "した人の数（実人数＝対象者数）。段階は期間の末日時点のものです。"},
};

// 国への報告項目 (重層的支援体制整備事業 実施状況の報告): the figures the state asks of a town that the 年度集計
// computes. 分野別 is one line per 分野 in the 国報告.
constexpr std::array kNationalItems{
    NationalReportItem{"1", "contacts", "包括的相談支援：相談受付の延べ件数", "contacts"},
    NationalReportItem{"2", "persons", "包括的相談支援：相談受付の実人数", "persons"},
    NationalReportItem{"3", "partner_share", "包括的相談支援：関係機関からの相談の割合", "source"},
    NationalReportItem{"4", "field_contacts", "包括的相談支援：分野別の延べ件数", "field"},
    NationalReportItem{"5", "field_persons", "包括的相談支援：分野別の実人数", "field"},
    NationalReportItem{"6", "cases_opened", "多機関協働：支援ケースの開始件数", "cases"},
    NationalReportItem{"7", "cases_closed", "多機関協働：支援ケースの終結件数", "cases"},
    NationalReportItem{"8", "plans_approved", "多機関協働：支援プランの作成件数", "cases"},
    NationalReportItem{"9", "support_meetings_held", "支援会議（社会福祉法第106条の6）の開催回数", "meetings"},
    NationalReportItem{"10", "support_meeting_person_items", "支援会議で検討した人数（延べ）", "meetings"},
    NationalReportItem{"11", "multilayer_meetings_held", "重層的支援会議の開催回数", "meetings"},
    NationalReportItem{"12", "multilayer_meeting_person_items", "重層的支援会議で検討した人数（延べ）", "meetings"},
    NationalReportItem{"13", "outreach_persons", "アウトリーチ等を通じた継続的支援：対象者数（実人数）", "outreach"},
    NationalReportItem{"14", "outreach_visits", "アウトリーチ等を通じた継続的支援：訪問件数", "outreach"},
    NationalReportItem{"15", "participation_opened", "参加支援：参加支援を始めた支援ケースの数", "program"},
};

constexpr ReportDefinition kFiscalYear{
    .id = "fiscal-year-report",
    .version = 5,  // 4: 分野別, 世帯人員別 and データの質; 5: 課題と特性別, 多機関協働, 会議, アウトリーチ and the
                   // 国への報告項目
    .title = "年度集計",
    .period_rule =
        "対応の日時を日本時間で見て、期間の初日0時から最終日の翌日0時の前まで（年度は4月1日から3月31日）"
        "に入る対応を数えます。多機関協働と会議は日本時間の日付で数えます。",
    .cells = kFiscalYearCells,
    .national_items = kNationalItems,
};

}  // namespace

const ReportDefinition& FiscalYearReportDefinition() { return kFiscalYear; }

std::string DefinitionLabel(const ReportDefinition& definition) {
    return std::string(definition.id) + " v" + std::to_string(definition.version);
}

const ReportCellDefinition* FindCellDefinition(const ReportDefinition& definition, std::string_view key) {
    for (const ReportCellDefinition& cell : definition.cells) {
        if (cell.key == key) return &cell;
    }
    return nullptr;
}

bool IsNationalCell(const ReportDefinition& definition, std::string_view key) {
    for (const NationalReportItem& item : definition.national_items) {
        if (item.cell == key) return true;
    }
    return false;
}

}  // namespace kasane::domain
