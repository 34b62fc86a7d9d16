// SPDX-License-Identifier: Apache-2.0
#include "demo/demo_scale.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <span>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/case_service.hpp"
#include "domain/intake.hpp"

namespace kasane::demo {

// The generators speak the domain's vocabulary throughout.
using namespace kasane::domain;  // NOLINT(google-build-using-namespace)

namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;

constexpr std::string_view kMarkerKey = "demo_scale";

#define SCALE_TRY(expression)                                                                      \
    do {                                                                                           \
        if (auto scale_status_ = (expression); !scale_status_) return Fail(scale_status_.error()); \
    } while (false)

// std::mt19937_64 is specified bit for bit; the standard distributions are not, so draws are made by hand to keep
// the data identical across standard libraries.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t Next() { return engine_(); }
    int Below(int n) { return n <= 1 ? 0 : static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
    int Between(int low, int high) { return low + Below(high - low + 1); }  // inclusive
    double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    bool Chance(double p) { return Unit() < p; }
    // Index drawn by weight.
    template <typename T>
    std::size_t Weighted(std::span<const T> items) {
        int total = 0;
        for (const T& item : items) total += item.weight;
        int draw = Below(total);
        for (std::size_t i = 0; i < items.size(); ++i) {
            draw -= items[i].weight;
            if (draw < 0) return i;
        }
        return items.size() - 1;
    }

private:
    std::mt19937_64 engine_;
};

struct FamilyName {
    std::string_view kanji;
    std::string_view kana;
    int weight;
};

// Common family names with rough national frequencies (per mille of the top names), some of the 山陰's own, and
// the variant spellings (異体字) that staff meet on the 住民票: 髙橋, 齋藤, 齊藤, 渡邊, 山﨑, 宮﨑, 濱田, 邊見.
constexpr FamilyName kFamilyNames[] = {
    {"佐藤", "サトウ", 90},   {"鈴木", "スズキ", 80},   {"高橋", "タカハシ", 65}, {"髙橋", "タカハシ", 8},
    {"田中", "タナカ", 65},   {"伊藤", "イトウ", 50},   {"渡辺", "ワタナベ", 45}, {"渡邊", "ワタナベ", 6},
    {"渡部", "ワタナベ", 5},  {"山本", "ヤマモト", 50}, {"中村", "ナカムラ", 50}, {"小林", "コバヤシ", 48},
    {"加藤", "カトウ", 40},   {"吉田", "ヨシダ", 38},   {"山田", "ヤマダ", 38},   {"佐々木", "ササキ", 35},
    {"山口", "ヤマグチ", 30}, {"松本", "マツモト", 30}, {"井上", "イノウエ", 28}, {"木村", "キムラ", 27},
    {"林", "ハヤシ", 25},     {"斎藤", "サイトウ", 22}, {"齋藤", "サイトウ", 5},  {"齊藤", "サイトウ", 3},
    {"斉藤", "サイトウ", 8},  {"清水", "シミズ", 22},   {"山崎", "ヤマサキ", 20}, {"山﨑", "ヤマサキ", 4},
    {"森", "モリ", 20},       {"池田", "イケダ", 20},   {"橋本", "ハシモト", 20}, {"阿部", "アベ", 20},
    {"石川", "イシカワ", 18}, {"山下", "ヤマシタ", 18}, {"中島", "ナカシマ", 18}, {"石井", "イシイ", 17},
    {"小川", "オガワ", 17},   {"前田", "マエダ", 17},   {"岡田", "オカダ", 17},   {"長谷川", "ハセガワ", 16},
    {"藤田", "フジタ", 16},   {"後藤", "ゴトウ", 15},   {"近藤", "コンドウ", 15}, {"村上", "ムラカミ", 14},
    {"遠藤", "エンドウ", 13}, {"青木", "アオキ", 13},   {"坂本", "サカモト", 13}, {"福田", "フクダ", 13},
    {"太田", "オオタ", 12},   {"西村", "ニシムラ", 12}, {"藤井", "フジイ", 12},   {"岡本", "オカモト", 12},
    {"藤原", "フジワラ", 12}, {"三浦", "ミウラ", 11},   {"宮崎", "ミヤザキ", 10}, {"宮﨑", "ミヤザキ", 3},
    {"浜田", "ハマダ", 8},    {"濱田", "ハマダ", 3},    {"山根", "ヤマネ", 14},   {"谷口", "タニグチ", 10},
    {"足立", "アダチ", 10},   {"米原", "ヨネハラ", 6},  {"松田", "マツダ", 9},    {"安田", "ヤスダ", 8},
    {"徳田", "トクダ", 6},    {"岸本", "キシモト", 7},  {"生田", "イクタ", 5},    {"邊見", "ヘンミ", 2},
    {"福本", "フクモト", 7},  {"角", "スミ", 4},        {"竹内", "タケウチ", 8},  {"河本", "コウモト", 6},
};

struct GivenName {
    std::string_view kanji;
    std::string_view kana;
};

// Given names popular in each birth decade (1920s … 2020s), by sex.
struct DecadeNames {
    int decade;
    std::array<GivenName, 8> female;
    std::array<GivenName, 8> male;
};

constexpr DecadeNames kGivenNames[] = {
    {1920,
     {{{"キヨ", "キヨ"},
       {"ハル", "ハル"},
       {"トミ", "トミ"},
       {"フミ", "フミ"},
       {"千代子", "チヨコ"},
       {"久子", "ヒサコ"},
       {"ミツ", "ミツ"},
       {"静子", "シズコ"}}},
     {{{"清", "キヨシ"},
       {"茂", "シゲル"},
       {"勇", "イサム"},
       {"実", "ミノル"},
       {"正雄", "マサオ"},
       {"三郎", "サブロウ"},
       {"一郎", "イチロウ"},
       {"武", "タケシ"}}}},
    {1930,
     {{{"和子", "カズコ"},
       {"幸子", "サチコ"},
       {"節子", "セツコ"},
       {"久子", "ヒサコ"},
       {"美代子", "ミヨコ"},
       {"トミ子", "トミコ"},
       {"文子", "フミコ"},
       {"照子", "テルコ"}}},
     {{{"清", "キヨシ"},
       {"勇", "イサム"},
       {"進", "ススム"},
       {"博", "ヒロシ"},
       {"正", "タダシ"},
       {"稔", "ミノル"},
       {"昭", "アキラ"},
       {"弘", "ヒロシ"}}}},
    {1940,
     {{{"和子", "カズコ"},
       {"洋子", "ヨウコ"},
       {"幸子", "サチコ"},
       {"節子", "セツコ"},
       {"恵子", "ケイコ"},
       {"京子", "キョウコ"},
       {"悦子", "エツコ"},
       {"弘子", "ヒロコ"}}},
     {{{"博", "ヒロシ"},
       {"進", "ススム"},
       {"勝", "マサル"},
       {"茂", "シゲル"},
       {"隆", "タカシ"},
       {"勝利", "カツトシ"},
       {"清", "キヨシ"},
       {"実", "ミノル"}}}},
    {1950,
     {{{"恵子", "ケイコ"},
       {"京子", "キョウコ"},
       {"洋子", "ヨウコ"},
       {"美智子", "ミチコ"},
       {"幸子", "サチコ"},
       {"和子", "カズコ"},
       {"久美子", "クミコ"},
       {"由美子", "ユミコ"}}},
     {{{"誠", "マコト"},
       {"茂", "シゲル"},
       {"修", "オサム"},
       {"隆", "タカシ"},
       {"博", "ヒロシ"},
       {"浩", "ヒロシ"},
       {"明", "アキラ"},
       {"豊", "ユタカ"}}}},
    {1960,
     {{{"由美子", "ユミコ"},
       {"明美", "アケミ"},
       {"真由美", "マユミ"},
       {"直美", "ナオミ"},
       {"陽子", "ヨウコ"},
       {"智子", "トモコ"},
       {"恵美子", "エミコ"},
       {"裕子", "ユウコ"}}},
     {{{"浩", "ヒロシ"},
       {"誠", "マコト"},
       {"隆", "タカシ"},
       {"哲也", "テツヤ"},
       {"浩二", "コウジ"},
       {"和彦", "カズヒコ"},
       {"聡", "サトシ"},
       {"秀樹", "ヒデキ"}}}},
    {1970,
     {{{"陽子", "ヨウコ"},
       {"智子", "トモコ"},
       {"裕子", "ユウコ"},
       {"久美子", "クミコ"},
       {"真理子", "マリコ"},
       {"恵美", "エミ"},
       {"直子", "ナオコ"},
       {"純子", "ジュンコ"}}},
     {{{"誠", "マコト"},
       {"大輔", "ダイスケ"},
       {"直樹", "ナオキ"},
       {"剛", "ツヨシ"},
       {"健一", "ケンイチ"},
       {"学", "マナブ"},
       {"哲也", "テツヤ"},
       {"和也", "カズヤ"}}}},
    {1980,
     {{{"愛", "アイ"},
       {"彩", "アヤ"},
       {"舞", "マイ"},
       {"麻衣", "マイ"},
       {"恵", "メグミ"},
       {"裕子", "ユウコ"},
       {"香織", "カオリ"},
       {"千尋", "チヒロ"}}},
     {{{"大輔", "ダイスケ"},
       {"拓也", "タクヤ"},
       {"翔太", "ショウタ"},
       {"健太", "ケンタ"},
       {"達也", "タツヤ"},
       {"直樹", "ナオキ"},
       {"和也", "カズヤ"},
       {"誠", "マコト"}}}},
    {1990,
     {{{"美咲", "ミサキ"},
       {"彩", "アヤ"},
       {"愛", "アイ"},
       {"沙織", "サオリ"},
       {"萌", "モエ"},
       {"遥", "ハルカ"},
       {"彩香", "アヤカ"},
       {"優花", "ユウカ"}}},
     {{{"翔太", "ショウタ"},
       {"拓也", "タクヤ"},
       {"健太", "ケンタ"},
       {"大輝", "ダイキ"},
       {"達也", "タツヤ"},
       {"翔", "ショウ"},
       {"亮", "リョウ"},
       {"大樹", "ダイキ"}}}},
    {2000,
     {{{"美咲", "ミサキ"},
       {"陽菜", "ヒナ"},
       {"葵", "アオイ"},
       {"さくら", "サクラ"},
       {"結衣", "ユイ"},
       {"七海", "ナナミ"},
       {"美優", "ミユ"},
       {"花音", "カノン"}}},
     {{{"翔", "ショウ"},
       {"大翔", "ヒロト"},
       {"拓海", "タクミ"},
       {"蓮", "レン"},
       {"颯太", "ソウタ"},
       {"陸", "リク"},
       {"翔太", "ショウタ"},
       {"優斗", "ユウト"}}}},
    {2010,
     {{{"陽菜", "ヒナ"},
       {"結愛", "ユア"},
       {"結菜", "ユイナ"},
       {"凛", "リン"},
       {"葵", "アオイ"},
       {"さくら", "サクラ"},
       {"芽依", "メイ"},
       {"莉子", "リコ"}}},
     {{{"蓮", "レン"},
       {"大翔", "ヒロト"},
       {"悠真", "ユウマ"},
       {"陽翔", "ハルト"},
       {"湊", "ミナト"},
       {"樹", "イツキ"},
       {"悠人", "ユウト"},
       {"朝陽", "アサヒ"}}}},
    {2020,
     {{{"陽葵", "ヒマリ"},
       {"凛", "リン"},
       {"紬", "ツムギ"},
       {"翠", "スイ"},
       {"芽依", "メイ"},
       {"葵", "アオイ"},
       {"澪", "ミオ"},
       {"結菜", "ユイナ"}}},
     {{{"蓮", "レン"},
       {"蒼", "アオイ"},
       {"陽翔", "ハルト"},
       {"湊", "ミナト"},
       {"碧", "アオイ"},
       {"樹", "イツキ"},
       {"暖", "ダン"},
       {"律", "リツ"}}}},
};

// The demo town's 町字, one per 自治会 (same order as the demo areas), and the 小学校区 and 民生委員区 each lies in.
struct TownPart {
    std::string_view town;
    std::string_view neighborhood;
    std::string_view elementary;
    std::string_view volunteer;
    int weight;
};
constexpr TownPart kTownParts[] = {
    {"東浜", "東浜自治会", "浜小学校区", "民生委員 第1区", 22},
    {"西浜", "西浜自治会", "浜小学校区", "民生委員 第1区", 18},
    {"中央", "中央自治会", "浜小学校区", "民生委員 第2区", 25},
    {"山手", "山手自治会", "山手小学校区", "民生委員 第3区", 14},
    {"港町", "港町自治会", "浜小学校区", "民生委員 第2区", 12},
    {"砂丘台", "砂丘台自治会", "山手小学校区", "民生委員 第4区", 9},
};

enum class Kind {
    kSingleElder,
    kElderCouple,
    k8050,
    kDoubleCare,
    kFamily,
    kThreeGenerations,
    kSingleAdult,
    kSingleParent,
    kCouple
};
struct KindWeight {
    Kind kind;
    int weight;
};
// Shares of households in a rural town of the 山陰: many single elders and elderly couples.
constexpr KindWeight kKinds[] = {
    {Kind::kSingleElder, 23}, {Kind::kElderCouple, 23}, {Kind::k8050, 5},
    {Kind::kDoubleCare, 3},   {Kind::kFamily, 14},      {Kind::kThreeGenerations, 12},
    {Kind::kSingleAdult, 10}, {Kind::kSingleParent, 4}, {Kind::kCouple, 6},
};

struct PlannedMember {
    Sex sex = Sex::kFemale;
    int age = 0;  // on 2026-03-31
    std::size_t family = 0;
    Relationship relationship = Relationship::kHead;
};

// What the consultation phase needs to know about each person.
enum class Profile : std::uint8_t {
    kElder,
    kOldElderAlone,
    k8050,
    kDoubleCare,
    kChild,
    kSingleParent,
    kAdultAlone,
    kOther
};
struct Known {
    PersonId id{};
    HouseholdId household{};
    Profile profile = Profile::kOther;
    std::uint8_t part = 0;  // kTownParts index
};

// The days the data covers: 令和3年度〜令和7年度, or that span moved by whole weeks (weekdays stay weekdays) so that
// it ends on DemoScaleOptions::ending.
struct Span {
    Instant start;
    Instant end;   // exclusive
    Date ages_on;  // the day the planned ages hold (2026-03-31 unmoved)
};

Span SpanOf(const DemoScaleOptions& options) {
    const Instant start = StartOfFiscalYear(kDemoScaleFirstFiscalYear);
    const Instant end = StartOfFiscalYear(kDemoScaleLastFiscalYear + 1);
    const Date ages_on = std::chrono::year{2026} / 3 / 31;
    if (!options.ending) return Span{.start = start, .end = end, .ages_on = ages_on};
    const Instant wanted_end = StartOfJstDay(Date{sys_days{*options.ending} + days{1}});
    const auto shift = std::chrono::floor<std::chrono::weeks>(wanted_end - end);
    return Span{.start = start + shift,
                .end = end + shift,
                .ages_on = Date{sys_days{ages_on} + std::chrono::duration_cast<days>(shift)}};
}

int ElderAge(Random& random) {  // 65–99, more of the younger old
    return std::min(99, 65 + std::min(random.Below(30), random.Below(36)));
}

std::vector<PlannedMember> PlanHousehold(Kind kind, Random& random, std::size_t family) {
    std::vector<PlannedMember> members;
    auto add = [&](Sex sex, int age, Relationship relationship, std::size_t name = SIZE_MAX) {
        members.push_back({sex, std::clamp(age, 0, 104), name == SIZE_MAX ? family : name, relationship});
    };
    auto other_family = [&] { return random.Weighted<FamilyName>(kFamilyNames); };
    auto any_sex = [&] { return random.Chance(0.5) ? Sex::kMale : Sex::kFemale; };
    auto children = [&](int parent_age, int count, Relationship relationship) {
        for (int i = 0; i < count; ++i) {
            add(any_sex(), std::max(0, parent_age - random.Between(22, 40)), relationship);
        }
    };
    switch (kind) {
        case Kind::kSingleElder:
            add(random.Chance(0.7) ? Sex::kFemale : Sex::kMale, std::min(104, ElderAge(random) + random.Below(6)),
                Relationship::kHead);
            break;
        case Kind::kElderCouple: {
            const int husband = ElderAge(random);
            add(Sex::kMale, husband, Relationship::kHead);
            add(Sex::kFemale, husband - random.Between(0, 6), Relationship::kSpouse, other_family());
            members.back().family = family;
            break;
        }
        case Kind::k8050: {
            const int parent = random.Between(76, 95);
            add(random.Chance(0.75) ? Sex::kFemale : Sex::kMale, parent, Relationship::kHead);
            add(random.Chance(0.65) ? Sex::kMale : Sex::kFemale, parent - random.Between(26, 36), Relationship::kChild);
            break;
        }
        case Kind::kDoubleCare: {
            const int husband = random.Between(36, 52);
            add(Sex::kMale, husband, Relationship::kHead);
            add(Sex::kFemale, husband - random.Between(0, 5), Relationship::kSpouse);
            children(husband - 2, random.Between(1, 3), Relationship::kChild);
            for (auto& member : members)
                member.age =
                    member.relationship == Relationship::kChild ? std::min(member.age, random.Below(13)) : member.age;
            add(random.Chance(0.7) ? Sex::kFemale : Sex::kMale, husband + random.Between(26, 36), Relationship::kParent,
                random.Chance(0.5) ? family : other_family());
            break;
        }
        case Kind::kFamily: {
            const int husband = random.Between(28, 60);
            add(Sex::kMale, husband, Relationship::kHead);
            add(Sex::kFemale, husband - random.Between(0, 5), Relationship::kSpouse);
            children(husband, random.Between(1, 3), Relationship::kChild);
            break;
        }
        case Kind::kThreeGenerations: {
            const int grandfather = random.Between(64, 90);
            add(Sex::kMale, grandfather, Relationship::kHead);
            if (random.Chance(0.7)) add(Sex::kFemale, grandfather - random.Between(0, 5), Relationship::kSpouse);
            const int son = grandfather - random.Between(25, 35);
            add(Sex::kMale, son, Relationship::kChild);
            add(Sex::kFemale, son - random.Between(0, 5), Relationship::kChildInLaw);
            children(son, random.Between(1, 3), Relationship::kGrandchild);
            break;
        }
        case Kind::kSingleAdult:
            add(random.Chance(0.6) ? Sex::kMale : Sex::kFemale, random.Between(20, 64), Relationship::kHead);
            break;
        case Kind::kSingleParent: {
            const int parent = random.Between(24, 50);
            add(random.Chance(0.85) ? Sex::kFemale : Sex::kMale, parent, Relationship::kHead);
            children(parent, random.Between(1, 2), Relationship::kChild);
            for (auto& member : members) {
                if (member.relationship == Relationship::kChild) member.age = std::min(member.age, 17);
            }
            break;
        }
        case Kind::kCouple: {
            const int husband = random.Between(25, 64);
            add(Sex::kMale, husband, Relationship::kHead);
            add(Sex::kFemale, husband - random.Between(0, 5), Relationship::kSpouse);
            break;
        }
    }
    return members;
}

Profile ProfileOf(Kind kind, const PlannedMember& member) {
    if (kind == Kind::k8050) return Profile::k8050;
    if (kind == Kind::kDoubleCare && member.age >= 18) return Profile::kDoubleCare;
    if (member.age < 18) return Profile::kChild;
    if (kind == Kind::kSingleParent) return Profile::kSingleParent;
    if (kind == Kind::kSingleElder) return member.age >= 75 ? Profile::kOldElderAlone : Profile::kElder;
    if (member.age >= 65) return Profile::kElder;
    if (kind == Kind::kSingleAdult) return Profile::kAdultAlone;
    return Profile::kOther;
}

// How likely a person is to be the subject of a consultation, relative to others.
double SubjectWeight(Profile profile) {
    switch (profile) {
        case Profile::kOldElderAlone: return 7;
        case Profile::kElder: return 2.5;
        case Profile::k8050: return 9;
        case Profile::kDoubleCare: return 5;
        case Profile::kChild: return 0.8;
        case Profile::kSingleParent: return 5;
        case Profile::kAdultAlone: return 1.5;
        case Profile::kOther: return 0.5;
    }
    return 1;
}

struct CodeWeight {
    std::string_view code;
    int weight;
};

std::span<const CodeWeight> CategoriesFor(Profile profile) {
    static constexpr CodeWeight kElder[] = {{"care", 30},     {"illness", 20},         {"guardianship", 8},
                                            {"guarantor", 5}, {"family_relations", 6}, {"housing", 4},
                                            {"isolation", 5}};
    static constexpr CodeWeight kOldAlone[] = {{"living_alone", 25},   {"care", 25},    {"illness", 15},
                                               {"isolation", 12},      {"hoarding", 6}, {"guardianship", 8},
                                               {"animal_hoarding", 2}, {"guarantor", 4}};
    static constexpr CodeWeight k8050[] = {{"8050", 35},    {"hikikomori", 25},    {"care", 15},
                                           {"poverty", 10}, {"mental_health", 10}, {"employment", 5}};
    static constexpr CodeWeight kDouble[] = {
        {"double_care", 35}, {"care", 25}, {"child_rearing", 20}, {"employment", 10}, {"mental_health", 5}};
    static constexpr CodeWeight kChild[] = {{"school_refusal", 30}, {"child_rearing", 20}, {"young_carer", 10},
                                            {"disability", 15},     {"abuse_dv", 8},       {"family_relations", 10}};
    static constexpr CodeWeight kParent[] = {{"poverty", 25}, {"child_rearing", 25}, {"employment", 15},
                                             {"debt", 10},    {"abuse_dv", 8},       {"housing", 10}};
    static constexpr CodeWeight kAdult[] = {{"employment", 20},    {"poverty", 20},  {"debt", 12},
                                            {"mental_health", 18}, {"addiction", 6}, {"housing", 8},
                                            {"disability", 10},    {"isolation", 6}};
    static constexpr CodeWeight kOther[] = {{"family_relations", 20}, {"neighbor_trouble", 10}, {"illness", 20},
                                            {"disability", 15},       {"mental_health", 15},    {"other", 10}};
    switch (profile) {
        case Profile::kElder: return kElder;
        case Profile::kOldElderAlone: return kOldAlone;
        case Profile::k8050: return k8050;
        case Profile::kDoubleCare: return kDouble;
        case Profile::kChild: return kChild;
        case Profile::kSingleParent: return kParent;
        case Profile::kAdultAlone: return kAdult;
        case Profile::kOther: return kOther;
    }
    return kOther;
}

// The window that usually takes a profile's worries (demo organisation names).
std::span<const CodeWeight> WindowsFor(Profile profile) {
    static constexpr CodeWeight kElder[] = {{"栄浜町地域包括支援センター", 55},
                                            {"栄浜町社会福祉協議会", 15},
                                            {"福祉課", 15},
                                            {"社会福祉法人 はまかぜ会", 10},
                                            {"栄浜町国民健康保険診療所", 5}};
    static constexpr CodeWeight k8050[] = {{"福祉課", 35},
                                           {"栄浜町地域包括支援センター", 30},
                                           {"NPO法人 ひだまりの家（ひきこもり支援）", 25},
                                           {"栄浜町社会福祉協議会", 10}};
    static constexpr CodeWeight kFamily[] = {{"子育て支援課", 40},
                                             {"福祉課", 20},
                                             {"栄浜町立浜小学校", 15},
                                             {"NPO法人 こども食堂さかえ", 10},
                                             {"栄浜町地域包括支援センター", 15}};
    static constexpr CodeWeight kAdult[] = {{"福祉課", 35},
                                            {"栄浜町社会福祉協議会", 30},
                                            {"健康推進課", 15},
                                            {"社会福祉法人 みどり福祉会", 10},
                                            {"NPO法人 ひだまりの家（ひきこもり支援）", 10}};
    switch (profile) {
        case Profile::kElder:
        case Profile::kOldElderAlone: return kElder;
        case Profile::k8050: return k8050;
        case Profile::kDoubleCare:
        case Profile::kChild:
        case Profile::kSingleParent: return kFamily;
        case Profile::kAdultAlone:
        case Profile::kOther: return kAdult;
    }
    return kAdult;
}

std::string_view ComplaintFor(std::string_view category) {
    static const std::map<std::string_view, std::string_view> kComplaints = {
        {"living_alone", "一人暮らしで、最近物忘れが増えて不安。"},
        {"illness", "持病が悪化し、通院や服薬の管理が難しくなってきた。"},
        {"mental_health", "気分が落ち込み、眠れない日が続いている。"},
        {"addiction", "飲酒の量が増え、家族とのトラブルになっている。"},
        {"hoarding", "家の中や庭に物がたまり、近所から苦情が出ている。"},
        {"hikikomori", "子が何年も家から出ず、親も高齢になり先が心配。"},
        {"school_refusal", "子が学校に行けなくなり、家で過ごしている。"},
        {"family_relations", "家族の関係がうまくいかず、家にいるのがつらい。"},
        {"care", "足腰が弱り、買い物や通院に一人で行けなくなってきた。"},
        {"child_rearing", "子育てに疲れ、相談できる人がいない。"},
        {"disability", "障がいのある家族の今後の暮らしが心配。"},
        {"poverty", "収入が減り、家賃や光熱費の支払いが苦しい。"},
        {"debt", "借金の返済が追いつかない。"},
        {"employment", "仕事が見つからず、生活の見通しが立たない。"},
        {"housing", "住まいの老朽化が進み、住み続けられるか不安。"},
        {"neighbor_trouble", "近所との関係がこじれて困っている。"},
        {"guardianship", "お金の管理や契約ごとが一人では難しくなってきた。"},
        {"guarantor", "入院や施設入所の保証人がいない。"},
        {"abuse_dv", "家族からの暴言や暴力があり、身の危険を感じることがある。"},
        {"8050", "高齢の親と無職の子の二人暮らしで、親の介護と子の将来が心配。"},
        {"double_care", "親の介護と子育てが重なり、仕事との両立ができない。"},
        {"young_carer", "子が家族の世話をしていて、学校を休みがち。"},
        {"isolation", "話し相手がおらず、誰とも会わない日が続いている。"},
        {"animal_hoarding", "飼っている猫が増え、世話が行き届かない。"},
        {"other", "困りごとがあり、どこに相談すればよいか分からない。"},
    };
    const auto found = kComplaints.find(category);
    return found == kComplaints.end() ? std::string_view("困りごとの相談。") : found->second;
}

constexpr std::string_view kFollowUps[] = {
    "自宅を訪問し、本人と面談した。生活の様子に大きな変化はない。",
    "電話で近況を確認した。次回の訪問日を調整した。",
    "関係機関と情報を共有し、今後の支援の方向を確認した。",
    "本人が来所。手続きの進み具合を説明した。",
    "家族から連絡があり、最近の様子を聞き取った。",
    "サービスの利用開始後の様子を確認した。",
    "支援会議に向けて経過をまとめた。",
};

struct ChannelWeight {
    Channel channel;
    int weight;
};
constexpr ChannelWeight kFirstChannels[] = {{Channel::kViaAgency, 45}, {Channel::kPhone, 25}, {Channel::kVisit, 15},
                                            {Channel::kHomeVisit, 10}, {Channel::kEmail, 3},  {Channel::kOther, 2}};
constexpr ChannelWeight kLaterChannels[] = {{Channel::kHomeVisit, 30},
                                            {Channel::kPhone, 35},
                                            {Channel::kVisit, 20},
                                            {Channel::kViaAgency, 10},
                                            {Channel::kEmail, 5}};
struct SourceWeight {
    Source source;
    int weight;
};
// As in 北栄町, about nine contacts in ten come through agencies.
constexpr SourceWeight kSources[] = {{Source::kAgency, 900}, {Source::kWelfareVolunteer, 40},
                                     {Source::kFamily, 30},  {Source::kSelf, 20},
                                     {Source::kNeighbor, 5}, {Source::kNeighborhoodAssociation, 5}};

std::string TwoDigits(int value) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d", value % 100);
    return text;
}

Instant RandomInstant(Random& random, Instant from, Instant to) {
    const auto span = (to - from).count();
    if (span <= 0) return from;
    return from + std::chrono::milliseconds(static_cast<long long>(random.Next() % static_cast<std::uint64_t>(span)));
}

// Office hours in JST: 8:30–17:15, on the day of `at`.
Instant DuringOfficeHours(Random& random, Instant at) {
    return StartOfJstDay(JstDate(at)) + minutes{510} + minutes{random.Below(525)};
}

struct Context {
    MunicipalityId tenant{};
    std::map<std::string, OrganizationId, std::less<>> organizations;
    std::vector<OrganizationId> organization_ids;
    std::map<OrganizationId, UserId> staff;
    std::map<std::string, CategoryId, std::less<>> categories;
    std::map<std::string, AreaId, std::less<>> areas;
    std::map<CategoryId, std::string> category_labels;
    Span span;
};

AuditEntry Entry(const Context& context, Instant at, OrganizationId organization, AuditAction action,
                 std::string_view record_type, std::int64_t record_id, std::optional<PersonId> person,
                 std::string_view fields, std::string_view basis) {
    AuditEntry entry;
    entry.municipality_id = context.tenant;
    entry.at = at;
    entry.organization_id = organization;
    entry.user_id = context.staff.at(organization);
    entry.action = std::string(AuditActionCode(action));
    entry.record_type = std::string(record_type);
    entry.record_id = record_id;
    entry.person_id = person;
    entry.fields = std::string(fields);
    entry.basis = std::string(basis);
    entry.remote_address = "192.0.2.10";
    entry.request_id = "demo-scale";
    return entry;
}

Result<Context> PrepareContext(Store& store, MunicipalityId tenant_id, const DemoScaleOptions& options) {
    Context context;
    context.tenant = tenant_id;
    context.span = SpanOf(options);
    const Status status = store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(tenant_id);
        SCALE_TRY(tenant->Categories().EnsureSeeded(DefaultWorryCategories()));
        auto organizations = tenant->Organizations().List();
        if (!organizations) return Fail(organizations.error());
        for (const Organization& organization : *organizations) {
            context.organizations.emplace(organization.name, organization.id);
            context.organization_ids.push_back(organization.id);
        }
        auto users = tenant->Users().List();
        if (!users) return Fail(users.error());
        // Demo caseworkers staff their organisations; the others get a staff account that cannot sign in (its
        // password hash matches no password) and is disabled.
        for (const User& user : *users) {
            if (user.username == "demo-caseworker" || user.username == "demo-houkatsu" || user.username == "demo-npo") {
                context.staff[user.organization_id] = user.id;
            }
        }
        int number = 0;
        for (const Organization& organization : *organizations) {
            ++number;
            if (context.staff.contains(organization.id)) continue;
            const std::string username = "demo-staff-" + std::to_string(number);
            UserId id{};
            for (const User& user : *users) {
                if (user.username == username) id = user.id;
            }
            if (id == 0) {
                auto created = tenant->Users().Create(NewUser{.organization_id = organization.id,
                                                              .username = username,
                                                              .display_name = organization.name + " 職員（デモ）",
                                                              .roles = {Role::kCaseworker},
                                                              .password_hash = "!"},
                                                      context.span.start);
                if (!created) return Fail(created.error());
                id = created->id;
                SCALE_TRY(tenant->Users().SetDisabled(id, domain::AccountState::kDisabled));
            }
            context.staff[organization.id] = id;
        }
        auto categories = tenant->Categories().List();
        if (!categories) return Fail(categories.error());
        for (const WorryCategory& category : *categories) {
            context.categories.emplace(category.code, category.id);
            context.category_labels.emplace(category.id, category.label);
        }
        auto areas = tenant->Areas().List(std::nullopt);
        if (!areas) return Fail(areas.error());
        for (const Area& area : *areas) context.areas.emplace(area.name, area.id);
        return {};
    });
    if (!status) return Fail(status.error());
    for (const TownPart& part : kTownParts) {
        for (std::string_view name :
             {part.neighborhood, part.elementary, part.volunteer, std::string_view("栄浜中学校区")}) {
            if (!context.areas.contains(name)) {
                return Fail(Error::NotFound("デモの地区が見つかりません: " + std::string(name)));
            }
        }
    }
    return context;
}

OrganizationId WindowOf(const Context& context, Random& random, Profile profile) {
    const auto windows = WindowsFor(profile);
    const auto found = context.organizations.find(windows[random.Weighted<CodeWeight>(windows)].code);
    return found == context.organizations.end() ? context.organization_ids.front() : found->second;
}

// A referral drawn for a thread, written once its consultation is stored.
struct PlannedReferral {
    struct Step {
        ReferralStatus status = ReferralStatus::kAccepted;
        std::string_view note;
        Instant at{};
    };
    OrganizationId from{};
    OrganizationId to{};
    Instant sent_at{};
    std::vector<Step> path;
};

// A consultation thread drawn (its id is set when stored) and its referral, if any.
struct PlannedThread {
    Consultation consultation;
    std::optional<PlannedReferral> referral;
};

class Loader {
public:
    Loader(Store& store, const Context& context, const DemoScaleOptions& options, DemoScaleReport& report)
        : store_(store), context_(context), options_(options), report_(report), random_(options.seed) {}

    // Each batch of households is drawn first (the random draws in the order they always were), then written with
    // the repositories' batch paths: the persons, then the households with their members, then the audit entries
    // in the order a person-by-person load leaves them, so the rows and their ids are the same.
    Status LoadPersons() {
        const DemoScaleSize size = SizeOf(options_);
        long long next_report = size.persons / 10;
        const std::string prefecture = "鳥取県";
        const std::string municipality = "東伯郡栄浜町";
        while (report_.persons < size.persons) {
            struct Planned {
                Household household;
                OrganizationId creator{};
                Instant known_since{};
                std::size_t first_person = 0;  // index into `persons`
                std::size_t part_index = 0;
                std::vector<Profile> profiles;
            };
            std::vector<Planned> planned;
            std::vector<NewPerson> persons;
            long long persons_planned = report_.persons;
            for (int household_index = 0; household_index < 1500 && persons_planned < size.persons; ++household_index) {
                const Kind kind = kKinds[random_.Weighted<KindWeight>(kKinds)].kind;
                const std::size_t family = random_.Weighted<FamilyName>(kFamilyNames);
                const std::vector<PlannedMember> members = PlanHousehold(kind, random_, family);
                const std::size_t part_index = random_.Weighted<TownPart>(kTownParts);
                const TownPart& part = kTownParts[part_index];
                Address address{
                    .prefecture = prefecture,
                    .municipality = municipality,
                    .town = std::string(part.town),
                    .block = std::to_string(random_.Between(1, 40)) + "-" + std::to_string(random_.Between(1, 30))};
                if (random_.Chance(0.08)) {
                    address.building =
                        "町営" + std::string(part.town) + "住宅 " + std::to_string(random_.Between(1, 4)) + "号棟" +
                        std::to_string(random_.Between(1, 3)) + "0" + std::to_string(random_.Between(1, 6));
                }
                const bool landline = random_.Chance(0.75);
                const std::string home_phone = "0858-" + TwoDigits(random_.Between(10, 99)) + "-" +
                                               TwoDigits(random_.Below(100)) + TwoDigits(random_.Below(100));
                const Instant known_since =
                    RandomInstant(random_, context_.span.start - days{3 * 365}, context_.span.end);
                const OrganizationId creator = context_.organization_ids[static_cast<std::size_t>(
                    random_.Below(static_cast<int>(context_.organization_ids.size())))];
                Planned& plan = planned.emplace_back(
                    Planned{.household = Household{.municipality_id = context_.tenant,
                                                   .name = std::string(kFamilyNames[family].kanji) + "さん世帯",
                                                   .created_by_organization_id = creator,
                                                   .created_at = known_since},
                            .creator = creator,
                            .known_since = known_since,
                            .first_person = persons.size(),
                            .part_index = part_index,
                            .profiles = {}});
                for (const PlannedMember& member : members) {
                    PersonData data = DataOf(member, address, part, landline ? home_phone : std::string());
                    ++persons_planned;
                    if (member.age >= 65) ++report_.elderly;
                    plan.household.members.push_back(HouseholdMember{
                        .relationship = member.relationship,
                        .is_head = member.relationship == Relationship::kHead,
                        .moved_in = data.birth_date && member.relationship == Relationship::kChild
                                        ? data.birth_date
                                        : std::optional<Date>(Date{std::chrono::floor<days>(known_since)})});
                    plan.profiles.push_back(ProfileOf(kind, member));
                    const PersonSearchKeys keys = PersonService::KeysOf(data);
                    persons.push_back(NewPerson{.person = Person{.municipality_id = context_.tenant,
                                                                 .data = std::move(data),
                                                                 .created_by_organization_id = creator,
                                                                 .created_by_user_id = context_.staff.at(creator),
                                                                 .created_at = known_since,
                                                                 .updated_at = known_since},
                                                .keys = keys});
                }
            }
            std::vector<AuditEntry> audit;
            std::vector<PersonId> person_ids;
            std::vector<HouseholdId> household_ids;
            const Status batch = store_.Transaction([&](Store& transaction) -> Status {
                auto tenant = transaction.Tenant(context_.tenant);
                auto created = tenant->Persons().CreateMany(persons);
                if (!created) return Fail(created.error());
                person_ids = std::move(*created);
                std::vector<Household> households;
                households.reserve(planned.size());
                for (Planned& plan : planned) {
                    for (std::size_t i = 0; i < plan.household.members.size(); ++i) {
                        plan.household.members[i].person_id = person_ids[plan.first_person + i];
                    }
                    households.push_back(plan.household);
                }
                auto saved = tenant->Households().CreateMany(households);
                if (!saved) return Fail(saved.error());
                household_ids = std::move(*saved);
                audit.clear();
                for (std::size_t h = 0; h < planned.size(); ++h) {
                    const Planned& plan = planned[h];
                    for (std::size_t i = 0; i < plan.household.members.size(); ++i) {
                        const PersonId id = person_ids[plan.first_person + i];
                        audit.push_back(Entry(context_, plan.known_since, plan.creator, AuditAction::kCreate, "person",
                                              id, id, "*", ""));
                    }
                    audit.push_back(Entry(context_, plan.known_since, plan.creator, AuditAction::kCreate, "household",
                                          household_ids[h], std::nullopt, "*", ""));
                }
                SCALE_TRY(tenant->Audit().Append(audit));
                return {};
            });
            if (!batch) return batch;
            report_.persons = persons_planned;
            report_.households += static_cast<long long>(planned.size());
            report_.audit_entries += static_cast<long long>(audit.size());
            for (std::size_t h = 0; h < planned.size(); ++h) {
                const Planned& plan = planned[h];
                for (std::size_t i = 0; i < plan.household.members.size(); ++i) {
                    known_.push_back(Known{.id = person_ids[plan.first_person + i],
                                           .household = household_ids[h],
                                           .profile = plan.profiles[i],
                                           .part = static_cast<std::uint8_t>(plan.part_index)});
                }
            }
            if (report_.persons >= next_report) {
                Progress("persons " + std::to_string(report_.persons) + "/" + std::to_string(size.persons));
                next_report += size.persons / 10;
            }
        }
        return {};
    }

    Status LoadConsultations() {
        const DemoScaleSize size = SizeOf(options_);
        // Subjects are drawn by weight: single elders, 8050 and ダブルケア households and single parents come
        // to the windows far more often than others.
        std::vector<double> cumulative;
        cumulative.reserve(known_.size());
        double total = 0;
        for (const Known& known : known_) {
            total += SubjectWeight(known.profile);
            cumulative.push_back(total);
        }
        long long next_report = size.contacts / 10;
        while (report_.contacts < size.contacts) {
            // The batch's threads are drawn first, then written: the consultations with the batch path, the
            // referrals one by one after them, the audit entries in the order a thread-by-thread load leaves them.
            std::vector<PlannedThread> threads;
            for (int thread = 0; thread < 800 && report_.contacts < size.contacts; ++thread) {
                const double draw = random_.Unit() * total;
                const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), draw);
                const Known& subject =
                    known_[std::min<std::size_t>(static_cast<std::size_t>(at - cumulative.begin()), known_.size() - 1)];
                threads.push_back(Thread(subject, size.contacts - report_.contacts));
            }
            std::vector<AuditEntry> audit;
            long long referrals = 0;
            const Status batch = store_.Transaction([&](Store& transaction) -> Status {
                auto tenant = transaction.Tenant(context_.tenant);
                std::vector<Consultation> consultations;
                consultations.reserve(threads.size());
                for (const PlannedThread& thread : threads) consultations.push_back(thread.consultation);
                auto created = tenant->Consultations().CreateMany(consultations);
                if (!created) return Fail(created.error());
                audit.clear();
                referrals = 0;
                for (std::size_t i = 0; i < threads.size(); ++i) {
                    PlannedThread& thread = threads[i];
                    thread.consultation.id = (*created)[i].id;
                    const PersonId person = *thread.consultation.person_id;
                    audit.push_back(Entry(context_, thread.consultation.created_at,
                                          thread.consultation.receiving_organization_id, AuditAction::kRead, "person",
                                          person, person, "*", "own_record"));
                    audit.push_back(Entry(context_, thread.consultation.created_at,
                                          thread.consultation.receiving_organization_id, AuditAction::kCreate,
                                          "consultation", thread.consultation.id, person, "*", ""));
                    if (thread.referral) {
                        SCALE_TRY(Refer(*tenant, thread.consultation, *thread.referral, audit));
                        ++referrals;
                    }
                }
                SCALE_TRY(tenant->Audit().Append(audit));
                return {};
            });
            if (!batch) return batch;
            report_.referrals += referrals;
            report_.audit_entries += static_cast<long long>(audit.size());
            if (report_.contacts >= next_report) {
                Progress("contacts " + std::to_string(report_.contacts) + "/" + std::to_string(size.contacts) +
                         ", referrals " + std::to_string(report_.referrals));
                next_report += size.contacts / 10;
            }
        }
        return {};
    }

private:
    void Progress(const std::string& line) {
        if (!options_.progress) return;
        const double seconds = std::chrono::duration<double>(SteadyClock::now() - start_).count();
        char elapsed[32];
        std::snprintf(elapsed, sizeof elapsed, " (%.0f s)", seconds);
        options_.progress(line + elapsed);
    }

    PersonData DataOf(const PlannedMember& member, const Address& address, const TownPart& part,
                      const std::string& home_phone) {
        const FamilyName& family = kFamilyNames[member.family];
        const int year = std::max(1920, std::min(2026, 2026 - member.age - (random_.Chance(0.25) ? 1 : 0)));
        const int decade = std::clamp(year / 10 * 10, 1920, 2020);
        const DecadeNames& names = kGivenNames[(decade - 1920) / 10];
        const auto& pool = member.sex == Sex::kMale ? names.male : names.female;
        const GivenName& given = pool[static_cast<std::size_t>(random_.Below(static_cast<int>(pool.size())))];
        PersonData data;
        data.family_name = std::string(family.kanji);
        data.given_name = std::string(given.kanji);
        data.family_name_kana = std::string(family.kana);
        data.given_name_kana = std::string(given.kana);
        data.sex = member.sex;
        if (random_.Chance(0.97)) {
            data.birth_date = std::chrono::year{year} / random_.Between(1, 12) / random_.Between(1, 28);
        } else {
            data.unknown_reasons.emplace("birth_date",
                                         random_.Chance(0.5) ? UnknownReason::kUnknown : UnknownReason::kNotAsked);
        }
        if (member.age >= 18 && member.age < 75 && random_.Chance(0.45)) {
            data.phone = "0" + std::to_string(random_.Between(7, 9)) + "0-" +
                         std::to_string(random_.Between(1000, 9999)) + "-" +
                         std::to_string(random_.Between(1000, 9999));
        } else if (!home_phone.empty()) {
            data.phone = home_phone;
        } else {
            data.unknown_reasons.emplace("phone",
                                         random_.Chance(0.7) ? UnknownReason::kNotAsked : UnknownReason::kRefused);
        }
        data.address = address;
        data.resides_elsewhere = random_.Chance(0.01);
        data.dv_protected = member.age >= 18 && random_.Chance(0.002);
        data.neighborhood_id = context_.areas.find(part.neighborhood)->second;
        data.elementary_school_district_id = context_.areas.find(part.elementary)->second;
        data.junior_high_school_district_id = context_.areas.find("栄浜中学校区")->second;
        data.welfare_volunteer_district_id = context_.areas.find(part.volunteer)->second;
        return data;
    }

    // One consultation thread about `subject`, with its contacts and, when referred, its referral.
    PlannedThread Thread(const Known& subject, long long contacts_left) {
        const OrganizationId window = WindowOf(context_, random_, subject.profile);
        const UserId staff = context_.staff.at(window);
        // 30% end after 1–3 contacts, 40% take 4–15, 30% are long support of 15–40.
        const double shape = random_.Unit();
        int count = shape < 0.3   ? random_.Between(1, 3)
                    : shape < 0.7 ? random_.Between(4, 15)
                                  : random_.Between(15, 40);
        count = static_cast<int>(std::min<long long>(count, contacts_left));
        const Instant opened =
            DuringOfficeHours(random_, RandomInstant(random_, context_.span.start, context_.span.end - days{1}));

        const auto codes = CategoriesFor(subject.profile);
        std::vector<CategoryChoice> categories;
        std::string first_code;
        const int wanted = 1 + (random_.Chance(0.5) ? 1 : 0) + (random_.Chance(0.2) ? 1 : 0);
        for (int attempt = 0; attempt < 8 && static_cast<int>(categories.size()) < wanted; ++attempt) {
            const std::string_view code = codes[random_.Weighted<CodeWeight>(codes)].code;
            const auto found = context_.categories.find(code);
            if (found == context_.categories.end()) continue;
            const bool duplicate = std::any_of(categories.begin(), categories.end(),
                                               [&](const CategoryChoice& c) { return c.category_id == found->second; });
            if (duplicate) continue;
            if (categories.empty()) first_code = std::string(code);
            categories.push_back(CategoryChoice{.category_id = found->second, .most_pressing = categories.empty()});
        }

        Consultation consultation{
            .municipality_id = context_.tenant,
            .receiving_organization_id = window,
            .received_by_user_id = staff,
            .person_id = subject.id,
            .household_id = random_.Chance(0.7) ? std::optional<HouseholdId>(subject.household) : std::nullopt,
            .chief_complaint = std::string(ComplaintFor(first_code)),
            .categories = categories,
            .created_at = opened};
        Instant at = opened;
        for (int i = 0; i < count && at < context_.span.end; ++i) {
            const Source source = kSources[random_.Weighted<SourceWeight>(kSources)].source;
            const Channel channel = i == 0 ? kFirstChannels[random_.Weighted<ChannelWeight>(kFirstChannels)].channel
                                           : kLaterChannels[random_.Weighted<ChannelWeight>(kLaterChannels)].channel;
            Caller caller;
            if (source == Source::kAgency) {
                const OrganizationId from = context_.organization_ids[static_cast<std::size_t>(
                    random_.Below(static_cast<int>(context_.organization_ids.size())))];
                caller = Caller{.name = "担当者", .relationship = "関係機関", .organization_id = from};
            } else if (source == Source::kFamily) {
                caller = Caller{.name = "家族", .relationship = random_.Chance(0.5) ? "長男" : "長女"};
            } else if (source == Source::kWelfareVolunteer) {
                caller = Caller{.name = "民生委員（デモ）", .relationship = "担当民生委員"};
            }
            consultation.contacts.push_back(Contact{
                .occurred_at = at,
                .channel = channel,
                .source = source,
                .caller = caller,
                .organization_id = window,
                .staff_user_id = staff,
                .summary = i == 0 ? "初回の相談。主訴を聞き取り、利用できる制度を説明した。"
                                  : std::string(kFollowUps[random_.Below(static_cast<int>(std::size(kFollowUps)))]),
                .summary_tag = i > 0 && random_.Chance(0.2) ? TextTag::kAssessment : TextTag::kFact,
                .recorded_at = at + minutes{random_.Between(5, 240)}});
            at = DuringOfficeHours(random_, at + days{random_.Between(1, 45)});
        }
        const Instant last = consultation.contacts.back().occurred_at;
        const bool recent = context_.span.end - last < days{120};
        const double outcome = random_.Unit();
        consultation.outcome = recent && outcome < 0.6 ? Outcome::kOpen
                               : outcome < 0.45        ? Outcome::kInformationProvided
                               : outcome < 0.72        ? Outcome::kReferred
                               : outcome < 0.82        ? Outcome::kEscalated
                                                       : Outcome::kOpen;
        ++report_.consultations;
        report_.contacts += static_cast<long long>(consultation.contacts.size());
        PlannedThread thread{.consultation = std::move(consultation), .referral = std::nullopt};
        if (thread.consultation.outcome == Outcome::kReferred ||
            (thread.consultation.outcome == Outcome::kEscalated && random_.Chance(0.5))) {
            thread.referral = PlanReferral(subject, thread.consultation.receiving_organization_id, last);
        }
        return thread;
    }

    // The referral of a thread, drawn: to whom, and the states it went through. Nothing when no other window fits.
    std::optional<PlannedReferral> PlanReferral(const Known& subject, OrganizationId from, Instant sent_at) {
        OrganizationId to = WindowOf(context_, random_, subject.profile);
        for (int attempt = 0; attempt < 4 && to == from; ++attempt) {
            to = context_.organization_ids[static_cast<std::size_t>(
                random_.Below(static_cast<int>(context_.organization_ids.size())))];
        }
        if (to == from) return std::nullopt;
        PlannedReferral referral{.from = from, .to = to, .sent_at = sent_at, .path = {}};
        // The states a referral is found in: old ones mostly completed, recent ones still waiting.
        std::vector<std::pair<ReferralStatus, std::string_view>> path;
        const double draw = random_.Unit();
        if (context_.span.end - sent_at < days{14}) {
            if (draw < 0.3)
                path = {{ReferralStatus::kAccepted, ""}};
            else if (draw < 0.4)
                path = {{ReferralStatus::kAccepted, ""}, {ReferralStatus::kInProgress, ""}};
            else if (draw < 0.45)
                path = {{ReferralStatus::kDeclined, "対象年齢外のため"}};
        } else if (draw < 0.65) {
            path = {{ReferralStatus::kAccepted, ""},
                    {ReferralStatus::kInProgress, ""},
                    {ReferralStatus::kCompleted, "支援を終結した"}};
        } else if (draw < 0.77) {
            path = {{ReferralStatus::kAccepted, ""}, {ReferralStatus::kInProgress, ""}};
        } else if (draw < 0.85) {
            path = {{ReferralStatus::kDeclined, "当機関の支援対象外のため、他の窓口を紹介した"}};
        } else if (draw < 0.93) {
            path = {{ReferralStatus::kAccepted, ""}};
        }  // else: still sent, long overdue
        Instant at = sent_at;
        for (const auto& [status, note] : path) {
            at = AddWorkingDays(at, random_.Between(1, status == ReferralStatus::kCompleted ? 60 : 4));
            referral.path.push_back(PlannedReferral::Step{.status = status, .note = note, .at = at});
        }
        return referral;
    }

    // Writes a drawn referral of a stored consultation, as the 相談 screen's つなぐ and the receiver's answers would.
    Status Refer(TenantStore& tenant, const Consultation& consultation, const PlannedReferral& planned,
                 std::vector<AuditEntry>& audit) {
        const PersonId subject = *consultation.person_id;
        // The categories as the stored consultation lists them (by id).
        std::vector<CategoryChoice> categories = consultation.categories;
        std::stable_sort(categories.begin(), categories.end(), [](const CategoryChoice& a, const CategoryChoice& b) {
            return a.category_id < b.category_id;
        });
        nlohmann::json worries = nlohmann::json::array();
        for (const CategoryChoice& choice : categories) {
            worries.push_back(context_.category_labels.at(choice.category_id));
        }
        const std::string reason = "専門的な支援が必要なため、継続した関わりをお願いしたい。";
        Referral referral{.municipality_id = context_.tenant,
                          .person_id = subject,
                          .consultation_id = consultation.id,
                          .from_organization_id = planned.from,
                          .to_organization_id = planned.to,
                          .reason = reason,
                          .sheet = {{"person", {{"id", subject}}},
                                    {"household", nlohmann::json::array()},
                                    {"worries", worries},
                                    {"done", consultation.contacts.front().summary},
                                    {"reason", reason}},
                          .status = ReferralStatus::kSent,
                          .events = {ReferralEvent{.status = ReferralStatus::kSent,
                                                   .at = planned.sent_at,
                                                   .user_id = context_.staff.at(planned.from),
                                                   .organization_id = planned.from,
                                                   .note = ""}},
                          .sent_at = planned.sent_at};
        auto saved = tenant.Referrals().Create(referral);
        if (!saved) return Fail(saved.error());
        audit.push_back(Entry(context_, planned.sent_at, planned.from, AuditAction::kCreate, "referral", saved->id,
                              subject, "*", ""));
        Referral current = std::move(*saved);
        for (const PlannedReferral::Step& step : planned.path) {
            auto moved = tenant.Referrals().Transition(current.id, current.version,
                                                       ReferralEvent{.status = step.status,
                                                                     .at = step.at,
                                                                     .user_id = context_.staff.at(planned.to),
                                                                     .organization_id = planned.to,
                                                                     .note = std::string(step.note)});
            if (!moved) return Fail(moved.error());
            current = std::move(*moved);
            audit.push_back(Entry(context_, step.at, planned.to, AuditAction::kStatusChange, "referral", current.id,
                                  subject, "status", "referral_receiver"));
        }
        return {};
    }

    Store& store_;
    const Context& context_;
    const DemoScaleOptions& options_;
    DemoScaleReport& report_;
    Random random_;
    std::vector<Known> known_;
    SteadyClock::time_point start_ = SteadyClock::now();
};

}  // namespace

std::string_view DemoScaleCode(DemoScale scale) {
    switch (scale) {
        case DemoScale::kTown: return "town";
        case DemoScale::kCity: return "city";
        case DemoScale::kPrefecture: return "prefecture";
    }
    return "town";
}

std::optional<DemoScale> ParseDemoScale(std::string_view code) {
    for (DemoScale scale : {DemoScale::kTown, DemoScale::kCity, DemoScale::kPrefecture}) {
        if (DemoScaleCode(scale) == code) return scale;
    }
    return std::nullopt;
}

DemoScaleSize SizeOf(const DemoScaleOptions& options) {
    if (options.persons != 0) return {options.persons, options.persons * 5};
    return SizeOf(options.scale);
}

std::string DemoScaleLabel(const DemoScaleOptions& options) {
    if (options.persons != 0) return "persons " + std::to_string(options.persons);
    return std::string(DemoScaleCode(options.scale));
}

DemoScaleSize SizeOf(DemoScale scale) {
    switch (scale) {
        case DemoScale::kTown: return {15'000, 75'000};
        case DemoScale::kCity: return {150'000, 750'000};
        case DemoScale::kPrefecture: return {1'000'000, 5'000'000};
    }
    return {};
}

namespace {

constexpr std::string_view kCasesMarkerKey = "demo_scale_cases";
constexpr int kPersonsPerCase = 200;

int AgeOn(Date birth, Date on) {
    int age = int(on.year()) - int(birth.year());
    if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
    return age;
}

Date DayOf(Instant at) { return JstDate(at); }
Instant InstantOf(Date day, int minutes_after_midnight) { return StartOfJstDay(day) + minutes{minutes_after_midnight}; }
Date Plus(Date day, int count) { return Date{sys_days{day} + days{count}}; }

enum class CaseKind { k8050, kDoubleCare };

struct Candidate {
    CaseKind kind = CaseKind::k8050;
    Household household;
    PersonId person{};              // 本人
    std::vector<PersonId> members;  // current members
    std::optional<AreaId> area;
};

// 8050: two people, the head 70 or older and a child of 35–65 living with them. ダブルケア: a parent of the head
// aged 65 or more and a child under 13 in the same household.
std::optional<Candidate> Classify(const Household& household, const std::map<PersonId, Person>& persons, Date ages_on) {
    const auto current = household.CurrentMembers(ages_on);
    std::optional<PersonId> head;
    int head_age = -1;
    bool child_35_65 = false;
    bool elder_parent = false;
    bool young_child = false;
    std::optional<PersonId> carer;
    std::optional<AreaId> area;
    for (const HouseholdMember& member : current) {
        const auto found = persons.find(member.person_id);
        if (found == persons.end() || !found->second.data.birth_date) return std::nullopt;
        const int age = AgeOn(*found->second.data.birth_date, ages_on);
        if (!area) area = found->second.data.neighborhood_id;
        switch (member.relationship) {
            case Relationship::kHead:
                head = member.person_id;
                head_age = age;
                break;
            case Relationship::kChild:
                if (age >= 35 && age <= 65) child_35_65 = true;
                if (age < 13) young_child = true;
                break;
            case Relationship::kParent:
                if (age >= 65) elder_parent = true;
                break;
            case Relationship::kSpouse: carer = member.person_id; break;
            default: break;
        }
    }
    if (!head) return std::nullopt;
    Candidate candidate;
    candidate.household = household;
    for (const HouseholdMember& member : current) candidate.members.push_back(member.person_id);
    candidate.area = area;
    if (current.size() == 2 && head_age >= 70 && child_35_65) {
        candidate.kind = CaseKind::k8050;
        candidate.person = *head;
        return candidate;
    }
    if (elder_parent && young_child) {
        candidate.kind = CaseKind::kDoubleCare;
        candidate.person = carer.value_or(*head);
        return candidate;
    }
    return std::nullopt;
}

struct RoleTemplate {
    std::string_view organization;
    std::string_view role;
};

constexpr RoleTemplate k8050Roles[] = {
    {"栄浜町地域包括支援センター", "母の介護サービス調整"},
    {"NPO法人 ひだまりの家（ひきこもり支援）", "長男へのアウトリーチと居場所の紹介"},
    {"栄浜町社会福祉協議会", "家計の見直しと日常生活自立支援"},
    {"福祉課", "全体調整と支援会議の運営"},
    {"栄浜町国民健康保険診療所", "母の服薬管理と受診の見守り"},
};
constexpr RoleTemplate kDoubleCareRoles[] = {
    {"栄浜町地域包括支援センター", "親の介護保険サービスの調整"},
    {"子育て支援課", "子の保育・一時預かりの調整"},
    {"栄浜町社会福祉協議会", "ファミリーサポートと家事支援"},
    {"福祉課", "全体調整と支援会議の運営"},
    {"健康推進課", "介護者の健康相談"},
};

constexpr std::string_view k8050Actions[] = {
    "母の要介護認定の区分変更を申請する",
    "デイサービスの利用を週2回から開始する",
    "長男宅への定期訪問（月2回）",
    "長男に居場所（サロン）を紹介し同行する",
    "家計表を一緒に作成し滞納の整理を進める",
    "母の受診に同行し服薬を確認する",
    "障害年金の受給可能性を確認する",
    "長男の就労準備支援事業の利用を検討する",
};
constexpr std::string_view kDoubleCareActions[] = {
    "親のショートステイの利用を調整する",
    "子の一時預かりを手配する",
    "勤務先との両立支援制度を確認する",
    "ファミリーサポートの利用登録を支援する",
    "介護者の相談の場を紹介する",
    "親の通所リハビリを開始する",
    "児童手当・介護保険の負担軽減の手続きを支援する",
};
constexpr std::string_view kNoteTexts[] = {
    "自宅を訪問。本人は穏やかに応対し、最近の生活の様子を話した。",
    "電話で近況を確認。食事はとれているとのこと。",
    "支援会議の結果を本人に説明し、同意を得た。",
    "関係機関と情報共有。次回訪問日を調整した。",
    "長男と初めて短時間話すことができた。",
    "デイサービスの利用状況を事業所に確認した。",
    "家計の状況を確認し、滞納分の分納計画を立てた。",
    "本人から「このままの暮らしを続けたい」との言葉があった。",
    "近隣住民から、夜間に物音がするとの情報提供があった。",
    "表情が以前より明るく、外出の機会が増えている様子。",
};

class CaseLoader {
public:
    CaseLoader(Store& store, const Context& context, const DemoScaleOptions& options, DemoScaleReport& report)
        : store_(store), context_(context), options_(options), report_(report), random_(options.seed ^ 0x8050ULL) {}

    Status Prepare() {
        auto tenant = store_.Tenant(context_.tenant);
        if (auto seeded = EnsureAssessmentForm(*tenant, Staff("福祉課"), context_.span.start); !seeded) return seeded;
        auto form = tenant->Forms().Latest("assessment");
        if (!form) return Fail(form.error());
        form_ = std::move(*form);
        auto bodies = tenant->Meetings().ListBodies();
        if (!bodies) return Fail(bodies.error());
        for (const MeetingBody& body : *bodies) {
            if (body.legal_basis == LegalBasis::kMultilayerMeeting) body_id_ = body.id;
        }
        if (body_id_ == 0) return Fail(Error::NotFound("デモの重層的支援会議が見つかりません"));
        return {};
    }

    // Walks the stored persons in id order; every kPersonsPerCase persons, the next multi-problem household
    // becomes a case. Batches of cases are written in one transaction each.
    Status Run() {
        constexpr std::int64_t kChunk = 2000;
        constexpr int kEmptyChunksToStop = 50;
        int empty_chunks = 0;
        std::set<HouseholdId> seen_households;
        std::vector<Candidate> pending;
        long long persons_seen = 0;
        long long next_report = 0;
        for (std::int64_t from = 1; empty_chunks < kEmptyChunksToStop; from += kChunk) {
            std::vector<PersonId> ids;
            for (std::int64_t id = from; id < from + kChunk; ++id) ids.push_back(PersonId{id});
            auto tenant = store_.Tenant(context_.tenant);
            auto persons = tenant->Persons().GetMany(ids);
            if (!persons) return Fail(persons.error());
            if (persons->empty()) {
                ++empty_chunks;
                continue;
            }
            empty_chunks = 0;
            std::map<PersonId, Person> by_id;
            std::vector<PersonId> present;
            for (Person& person : *persons) {
                present.push_back(person.id);
                by_id.emplace(person.id, std::move(person));
            }
            auto households = tenant->Households().OfPersons(present);
            if (!households) return Fail(households.error());
            std::sort(households->begin(), households->end(),
                      [](const Household& a, const Household& b) { return a.id < b.id; });
            for (const Household& household : *households) {
                if (!seen_households.insert(household.id).second) continue;
                std::vector<PersonId> missing;
                for (const HouseholdMember& member : household.members) {
                    if (!by_id.contains(member.person_id)) missing.push_back(member.person_id);
                }
                if (!missing.empty()) {
                    auto more = tenant->Persons().GetMany(missing);
                    if (!more) return Fail(more.error());
                    for (Person& person : *more) by_id.emplace(person.id, std::move(person));
                }
                const auto current = household.CurrentMembers(context_.span.ages_on);
                persons_seen += static_cast<long long>(current.size());
                ++report_.households;
                if (report_.cases + static_cast<long long>(pending.size()) >= persons_seen / kPersonsPerCase) continue;
                if (auto candidate = Classify(household, by_id, context_.span.ages_on))
                    pending.push_back(std::move(*candidate));
            }
            report_.persons = persons_seen;
            if (pending.size() >= 100) {
                SCALE_TRY(WriteBatch(pending));
                pending.clear();
            }
            if (persons_seen >= next_report) {
                Progress("cases " + std::to_string(report_.cases) + " (persons examined " +
                         std::to_string(persons_seen) + ")");
                next_report += 100000;
            }
        }
        if (!pending.empty()) SCALE_TRY(WriteBatch(pending));
        Progress("cases " + std::to_string(report_.cases) + ", notes " + std::to_string(report_.progress_notes));
        return {};
    }

private:
    UserId Staff(std::string_view organization) const {
        const auto found = context_.organizations.find(organization);
        const OrganizationId id =
            found == context_.organizations.end() ? context_.organization_ids.front() : found->second;
        return context_.staff.at(id);
    }
    OrganizationId Organization(std::string_view name) const {
        const auto found = context_.organizations.find(name);
        return found == context_.organizations.end() ? context_.organization_ids.front() : found->second;
    }

    void Progress(const std::string& line) {
        if (options_.progress) options_.progress(line);
    }

    Status WriteBatch(const std::vector<Candidate>& candidates) {
        std::vector<AuditEntry> audit;
        DemoScaleReport added;
        const Status batch = store_.Transaction([&](Store& transaction) -> Status {
            auto tenant = transaction.Tenant(context_.tenant);
            added = {};
            audit.clear();
            for (const Candidate& candidate : candidates) SCALE_TRY(WriteCase(*tenant, candidate, added, audit));
            SCALE_TRY(tenant->Audit().Append(audit));
            return {};
        });
        if (!batch) return batch;
        report_.cases += added.cases;
        report_.plans += added.plans;
        report_.meetings += added.meetings;
        report_.progress_notes += added.progress_notes;
        report_.audit_entries += static_cast<long long>(audit.size());
        return {};
    }

    Status WriteCase(TenantStore& tenant, const Candidate& candidate, DemoScaleReport& added,
                     std::vector<AuditEntry>& audit) {
        const bool is8050 = candidate.kind == CaseKind::k8050;
        const std::span<const RoleTemplate> roles =
            is8050 ? std::span<const RoleTemplate>(k8050Roles) : std::span<const RoleTemplate>(kDoubleCareRoles);
        const std::span<const std::string_view> action_texts =
            is8050 ? std::span<const std::string_view>(k8050Actions)
                   : std::span<const std::string_view>(kDoubleCareActions);
        const Date span_end = Plus(DayOf(context_.span.end), -1);
        const Date opened_on = DayOf(RandomInstant(random_, context_.span.start, context_.span.end - days{120}));
        const OrganizationId lead = Organization(is8050 ? "栄浜町地域包括支援センター" : "福祉課");
        const UserId lead_staff = context_.staff.at(lead);

        // The team: 2–4 organisations other than the lead, roles agreed at the meeting.
        std::vector<RoleTemplate> team_roles;
        for (const RoleTemplate& role : roles) {
            if (Organization(role.organization) != lead) team_roles.push_back(role);
        }
        const int team_size = std::min<int>(random_.Between(2, 4), static_cast<int>(team_roles.size()));
        for (int i = 0; i < team_size; ++i) {  // a deterministic shuffle of the first team_size
            std::swap(
                team_roles[static_cast<std::size_t>(i)],
                team_roles[static_cast<std::size_t>(random_.Between(i, static_cast<int>(team_roles.size()) - 1))]);
        }
        team_roles.resize(static_cast<std::size_t>(team_size));

        // Where the case is now: older cases are more often closed.
        const double age_share = static_cast<double>((sys_days{span_end} - sys_days{opened_on}).count()) / (5 * 365.0);
        CaseStatus status = CaseStatus::kSupporting;
        const double draw = random_.Unit();
        if (draw < 0.35 * age_share) {
            status = CaseStatus::kClosed;
        } else if (draw < 0.05 + 0.35 * age_share) {
            status = CaseStatus::kSuspended;
        } else if (draw < 0.3 + 0.35 * age_share) {
            status = CaseStatus::kMonitoring;
        }
        const Date meeting_on = Plus(opened_on, random_.Between(14, 45));
        const std::optional<Date> closed_on =
            status == CaseStatus::kClosed
                ? std::optional<Date>(std::min(span_end, Plus(meeting_on, random_.Between(120, 700)),
                                               [](Date a, Date b) { return sys_days{a} < sys_days{b}; }))
                : std::nullopt;

        // 重層的支援会議 handles only persons who consented: the consent covers the body and the team.
        Consent consent{.municipality_id = context_.tenant,
                        .person_id = candidate.person,
                        .purpose = "支援のための関係機関・重層的支援会議での情報共有",
                        .given_on = opened_on,
                        .method = ConsentMethod::kWritten,
                        .explanation_version = "説明文書 v1",
                        .recorded_by = lead_staff,
                        .recorded_at = InstantOf(opened_on, 600)};
        consent.organizations.push_back(lead);
        for (const RoleTemplate& role : team_roles) consent.organizations.push_back(Organization(role.organization));
        consent.bodies.push_back(body_id_);
        auto saved_consent = tenant.Consents().Create(consent);
        if (!saved_consent) return Fail(saved_consent.error());

        SupportCase support_case;
        support_case.municipality_id = context_.tenant;
        support_case.person_id = candidate.person;
        support_case.household_id = candidate.household.id;
        support_case.title =
            candidate.household.name + (is8050 ? "（母の介護と長男のひきこもり）" : "（親の介護と子育てのダブルケア）");
        support_case.lead_organization_id = lead;
        support_case.coordinator_user_id = Staff("福祉課");
        support_case.status = status;
        support_case.programs.push_back(
            {.program = Program::kCollaboration, .status = status, .started_on = opened_on});
        if (is8050 && random_.Chance(0.6)) {
            support_case.programs.push_back(
                {.program = Program::kOutreach, .status = status, .started_on = Plus(opened_on, 30)});
        }
        if (random_.Chance(0.3)) {
            support_case.programs.push_back(
                {.program = Program::kParticipation, .status = status, .started_on = Plus(opened_on, 60)});
        }
        for (ProgramStatus& program : support_case.programs) {
            if (!IsOpen(status)) {
                program.ended_on = closed_on.value_or(Plus(meeting_on, 200));
                program.end_reason =
                    status == CaseStatus::kClosed ? "課題が解消し、見守りに移行" : "本人の希望で一時中断";
            }
        }
        for (std::string_view code : {is8050 ? std::string_view("8050") : std::string_view("double_care"),
                                      is8050 ? std::string_view("hikikomori") : std::string_view("care")}) {
            if (const auto found = context_.categories.find(code); found != context_.categories.end()) {
                support_case.categories.push_back(found->second);
            }
        }
        support_case.opened_on = opened_on;
        support_case.closed_on = closed_on;
        if (status == CaseStatus::kClosed) support_case.closure_reason = "課題が解消し、地域での見守りに移行";
        if (status == CaseStatus::kSuspended) support_case.closure_reason = "本人の希望で一時中断";
        for (const RoleTemplate& role : team_roles) {
            support_case.team.push_back(TeamMember{.organization_id = Organization(role.organization),
                                                   .role = std::string(role.role),
                                                   .agreed_on = meeting_on});
        }
        support_case.created_by = lead_staff;
        support_case.created_at = InstantOf(opened_on, 560);
        support_case.updated_at = support_case.created_at;
        auto created = tenant.Cases().Create(support_case);
        if (!created) return Fail(created.error());
        ++added.cases;
        audit.push_back(Entry(context_, support_case.created_at, lead, AuditAction::kCreate, "case", created->id,
                              candidate.person, "*", "own_record"));

        // The meeting that agreed the roles and approved the plan.
        Meeting meeting{.municipality_id = context_.tenant,
                        .body_id = body_id_,
                        .held_on = meeting_on,
                        .convenor_user_id = Staff("福祉課"),
                        .minutes = "役割分担と支援プランを協議した。",
                        .created_at = InstantOf(meeting_on, 900)};
        meeting.attendees.push_back(Attendee{.user_id = lead_staff, .name = "主担当", .organization_id = lead});
        for (const TeamMember& member : support_case.team) {
            meeting.attendees.push_back(Attendee{.name = "担当者", .organization_id = member.organization_id});
        }
        meeting.agenda.push_back(AgendaItem{.person_id = candidate.person,
                                            .household_id = candidate.household.id,
                                            .shared_summary = "世帯の状況とアセスメントの要点",
                                            .case_id = created->id});
        meeting.decisions.push_back(
            Decision{.kind = DecisionKind::kRolesAssigned, .text = "役割分担を決定", .case_id = created->id});
        meeting.decisions.push_back(
            Decision{.kind = DecisionKind::kPlanApproved, .text = "支援プラン第1版を承認", .case_id = created->id});
        auto saved_meeting = tenant.Meetings().CreateMeeting(meeting);
        if (!saved_meeting) return Fail(saved_meeting.error());
        ++added.meetings;
        SupportCase with_meeting = *created;
        for (TeamMember& member : with_meeting.team) member.agreed_at_meeting_id = saved_meeting->id;
        auto updated = tenant.Cases().Update(created->id, created->version, with_meeting);
        if (!updated) return Fail(updated.error());

        // The plan: 3–6 actions, by the lead and the team; some done, some overdue.
        SupportPlan plan{.case_id = created->id,
                         .goals = is8050 ? "母と二人で、この家で安心して暮らし続けたい"
                                         : "仕事を続けながら、親と子の世話を無理なく続けたい",
                         .household_goal = is8050 ? "母の介護負担を減らし、長男が外とのつながりを持てる"
                                                  : "介護と子育てを家族だけで抱え込まない",
                         .refer_participation = random_.Chance(0.4),
                         .refer_outreach = is8050,
                         .review_on = Plus(meeting_on, random_.Between(60, 180)),
                         .created_by = lead_staff,
                         .created_at = InstantOf(meeting_on, 540)};
        const int action_count = random_.Between(3, 6);
        for (int i = 0; i < action_count; ++i) {
            PlanAction action;
            action.description = std::string(
                action_texts[static_cast<std::size_t>(random_.Below(static_cast<int>(action_texts.size())))]);
            action.responsible_organization_id =
                i == 0 || team_roles.empty()
                    ? lead
                    : Organization(team_roles[static_cast<std::size_t>(i) % team_roles.size()].organization);
            action.due_on = Plus(meeting_on, random_.Between(14, 240));
            const bool past = sys_days{*action.due_on} < sys_days{span_end};
            if (status == CaseStatus::kClosed) {
                action.status = random_.Chance(0.85) ? ActionStatus::kDone : ActionStatus::kCancelled;
            } else if (past && random_.Chance(0.6)) {
                action.status = ActionStatus::kDone;
            } else {
                // Open, and when the due date has passed, overdue.
                action.status = random_.Chance(0.5) ? ActionStatus::kInProgress : ActionStatus::kPlanned;
            }
            if (action.status == ActionStatus::kDone) {
                action.completed_on = past ? *action.due_on : span_end;
                action.result = "予定どおり実施した";
            }
            plan.actions.push_back(std::move(action));
        }
        auto saved_plan = tenant.Plans().Create(plan);
        if (!saved_plan) return Fail(saved_plan.error());
        if (auto approved = tenant.Plans().Approve(saved_plan->id, saved_meeting->id, meeting_on); !approved) {
            return Fail(approved.error());
        }
        ++added.plans;

        // The assessment, on the seeded sheet.
        Assessment assessment{.case_id = created->id,
                              .form_definition_id = form_.id,
                              .form_version = form_.form_version,
                              .assessed_on = Plus(opened_on, random_.Between(3, 12)),
                              .assessed_by = lead_staff,
                              .organization_id = lead,
                              .background = is8050
                                                ? "母の介護をきっかけに地域包括へ相談。長男は20年近く就労していない。"
                                                : "親の認知症の進行と第2子の出産が重なった。",
                              .strengths = is8050 ? "母子の関係は良好。長男は家事の一部を担っている。"
                                                  : "夫婦で協力的。近所に頼れる友人がいる。",
                              .created_at = InstantOf(opened_on, 840)};
        assessment.answers.push_back({.item_key = "housing", .values = {random_.Chance(0.8) ? "持ち家" : "公営住宅"}});
        assessment.answers.push_back(
            {.item_key = "household_issues",
             .values = is8050 ? std::vector<std::string>{"介護", "ひきこもり・不登校", "収入・生活費"}
                              : std::vector<std::string>{"介護", "子育て", "仕事上の不安やトラブル"}});
        assessment.answers.push_back({.item_key = "multi_problem", .values = {is8050 ? "8050" : "ダブルケア"}});
        assessment.answers.push_back(
            {.item_key = "community", .values = {random_.Chance(0.5) ? "つながりが弱い" : "孤立している"}});
        assessment.answers.push_back({.item_key = "wish", .values = {"一部の支援を希望している"}});
        for (const PersonId member : candidate.members) {
            assessment.answers.push_back({.item_key = "health",
                                          .member_person_id = member,
                                          .values = {random_.Chance(0.5) ? "通院中の病気がある" : "特に問題なし"}});
        }
        if (auto valid = ValidateAnswers(form_, assessment.answers, candidate.members); !valid) return valid;
        if (auto saved = tenant.Cases().CreateAssessment(assessment); !saved) return Fail(saved.error());

        // The eco-map: 2–4 relations.
        static constexpr struct {
            EcoKind kind;
            std::string_view name;
            EcoStrength strength;
        } kRelations[] = {
            {EcoKind::kRelative, "長女（県外在住）", EcoStrength::kWeak},
            {EcoKind::kAgency, "かかりつけ医", EcoStrength::kNormal},
            {EcoKind::kNeighbor, "隣家の住民", EcoStrength::kStrong},
            {EcoKind::kCommunity, "地区のふれあいサロン", EcoStrength::kWeak},
            {EcoKind::kService, "デイサービス", EcoStrength::kNormal},
            {EcoKind::kRelative, "弟（町内在住）", EcoStrength::kStressful},
        };
        const int relation_count = random_.Between(2, 4);
        const int first_relation = random_.Below(static_cast<int>(std::size(kRelations)));
        for (int i = 0; i < relation_count; ++i) {
            const auto& relation = kRelations[static_cast<std::size_t>(first_relation + i) % std::size(kRelations)];
            if (auto saved = tenant.Cases().AddRelation(created->id, EcoRelation{.kind = relation.kind,
                                                                                 .name = std::string(relation.name),
                                                                                 .strength = relation.strength});
                !saved) {
                return Fail(saved.error());
            }
        }

        // 20–40 progress notes between opening and closing (or the end of the data).
        const Date last_day = closed_on.value_or(span_end);
        const int note_count = random_.Between(20, 40);
        const auto span_days = std::max<long long>(1, (sys_days{last_day} - sys_days{opened_on}).count());
        std::vector<OrganizationId> writers{lead};
        for (const TeamMember& member : support_case.team) writers.push_back(member.organization_id);
        for (int i = 0; i < note_count; ++i) {
            const Date day = Plus(opened_on, static_cast<int>(span_days * i / note_count));
            const OrganizationId writer =
                writers[static_cast<std::size_t>(random_.Below(static_cast<int>(writers.size())))];
            const Instant at = InstantOf(day, 540 + random_.Below(480));
            ProgressNote note{
                .case_id = created->id,
                .occurred_at = at,
                .method = static_cast<NoteMethod>(random_.Below(4)),
                .tag = random_.Chance(0.8) ? TextTag::kFact
                                           : (random_.Chance(0.5) ? TextTag::kThirdParty : TextTag::kAssessment),
                .text = std::string(
                    kNoteTexts[static_cast<std::size_t>(random_.Below(static_cast<int>(std::size(kNoteTexts))))]),
                .author_user_id = context_.staff.at(writer),
                .organization_id = writer,
                .created_at = at};
            if (auto saved = tenant.ProgressNotes().Create(note); !saved) return Fail(saved.error());
            ++added.progress_notes;
        }
        return {};
    }

    Store& store_;
    const Context& context_;
    const DemoScaleOptions& options_;
    DemoScaleReport& report_;
    Random random_;
    FormDefinition form_;
    MeetingBodyId body_id_{};
};

}  // namespace

namespace {

// What a settings marker says was loaded: "town seed 1", with " ending 2026-12-03" when the span was moved.
std::string MarkerOf(std::string prefix, const DemoScaleOptions& options) {
    std::string marker = std::move(prefix) + " " + std::to_string(options.seed);
    if (options.ending) {
        char day[16];
        std::snprintf(day, sizeof day, "%04d-%02u-%02u", int(options.ending->year()), unsigned(options.ending->month()),
                      unsigned(options.ending->day()));
        marker += std::string(" ending ") + day;
    }
    return marker;
}

}  // namespace

Result<DemoScaleReport> GenerateScaleCases(Store& store, const DemoTown& town, const DemoScaleOptions& options) {
    const auto start = SteadyClock::now();
    const MunicipalityId tenant_id = town.municipality.id;
    const std::string wanted = MarkerOf("seed", options);
    DemoScaleReport report;
    {
        auto tenant = store.Tenant(tenant_id);
        auto marker = tenant->Settings().Get(kCasesMarkerKey);
        if (!marker) return Fail(marker.error());
        if (*marker) {
            if (**marker == wanted + " complete") return report;
            return Fail(Error::Conflict("このデータベースには別の（または中断した）ケースのデモデータ（" + **marker +
                                            "）があります。新しいデータベースを指定してください",
                                        "scale"));
        }
        if (auto set = tenant->Settings().Set(kCasesMarkerKey, wanted + " loading"); !set) return Fail(set.error());
    }
    auto context = PrepareContext(store, tenant_id, options);
    if (!context) return Fail(context.error());
    CaseLoader loader(store, *context, options, report);
    SCALE_TRY(loader.Prepare());
    SCALE_TRY(loader.Run());
    if (auto set = store.Tenant(tenant_id)->Settings().Set(kCasesMarkerKey, wanted + " complete"); !set) {
        return Fail(set.error());
    }
    report.created = true;
    report.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    return report;
}

Result<bool> DemoScaleRecorded(Store& store, const DemoTown& town) {
    auto marker = store.Tenant(town.municipality.id)->Settings().Get(kMarkerKey);
    if (!marker) return Fail(marker.error());
    return marker->has_value();
}

Result<DemoScaleReport> LoadDemoScale(Store& store, const DemoTown& town, const DemoScaleOptions& options) {
    const auto start = SteadyClock::now();
    const MunicipalityId tenant_id = town.municipality.id;
    const std::string wanted = MarkerOf(DemoScaleLabel(options) + " seed", options);
    DemoScaleReport report;
    {
        auto tenant = store.Tenant(tenant_id);
        auto marker = tenant->Settings().Get(kMarkerKey);
        if (!marker) return Fail(marker.error());
        if (*marker) {
            // Persons loaded before cases existed: add the cases (GenerateScaleCases is idempotent on its own).
            if (**marker == wanted + " complete") return GenerateScaleCases(store, town, options);
            return Fail(Error::Conflict("このデータベースには別の規模のデモデータ（" + **marker +
                                            "）があります。新しいデータベースを指定してください",
                                        "scale"));
        }
        if (auto set = tenant->Settings().Set(kMarkerKey, wanted + " loading"); !set) return Fail(set.error());
    }
    auto context = PrepareContext(store, tenant_id, options);
    if (!context) return Fail(context.error());
    Loader loader(store, *context, options, report);
    if (options.bulk != nullptr) SCALE_TRY(options.bulk->Begin());
    SCALE_TRY(loader.LoadPersons());
    SCALE_TRY(loader.LoadConsultations());
    if (options.stage_done) options.stage_done(DemoScaleStage::kVolumeWritten);
    if (options.bulk != nullptr) {
        SCALE_TRY(options.bulk->Finish());
        if (options.stage_done) options.stage_done(DemoScaleStage::kLoadFinished);
    }
    auto cases = GenerateScaleCases(store, town, options);
    if (!cases) return Fail(cases.error());
    report.cases = cases->cases;
    report.plans = cases->plans;
    report.meetings = cases->meetings;
    report.progress_notes = cases->progress_notes;
    report.audit_entries += cases->audit_entries;
    if (auto set = store.Tenant(tenant_id)->Settings().Set(kMarkerKey, wanted + " complete"); !set) {
        return Fail(set.error());
    }
    report.created = true;
    report.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    return report;
}

}  // namespace kasane::demo
