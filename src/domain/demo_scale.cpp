#include "domain/demo_scale.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <span>
#include <utility>

#include "domain/intake.hpp"

namespace kasane::domain {

namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::days;
using std::chrono::hours;
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
    PersonId id = 0;
    HouseholdId household = 0;
    Profile profile = Profile::kOther;
    std::uint8_t part = 0;  // kTownParts index
};

const Instant kSpanStart = std::chrono::time_point_cast<std::chrono::milliseconds>(
    sys_days{std::chrono::year{kDemoScaleFirstFiscalYear} / 4 / 1} - hours{9});
const Instant kSpanEnd = std::chrono::time_point_cast<std::chrono::milliseconds>(
    sys_days{std::chrono::year{kDemoScaleLastFiscalYear + 1} / 4 / 1} - hours{9});

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
    const auto day = std::chrono::floor<days>(at + hours{9});
    return std::chrono::time_point_cast<std::chrono::milliseconds>(sys_days{day} - hours{9}) + minutes{510} +
           minutes{random.Below(525)};
}

struct Context {
    MunicipalityId tenant = 0;
    std::map<std::string, OrganizationId, std::less<>> organizations;
    std::vector<OrganizationId> organization_ids;
    std::map<OrganizationId, UserId> staff;
    std::map<std::string, CategoryId, std::less<>> categories;
    std::map<std::string, AreaId, std::less<>> areas;
    std::map<CategoryId, std::string> category_labels;
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

Result<Context> PrepareContext(Store& store, MunicipalityId tenant_id) {
    Context context;
    context.tenant = tenant_id;
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
            UserId id = 0;
            for (const User& user : *users) {
                if (user.username == username) id = user.id;
            }
            if (id == 0) {
                auto created = tenant->Users().Create(NewUser{.organization_id = organization.id,
                                                              .username = username,
                                                              .display_name = organization.name + " 職員（デモ）",
                                                              .roles = {Role::kCaseworker},
                                                              .password_hash = "!"},
                                                      kSpanStart);
                if (!created) return Fail(created.error());
                id = created->id;
                SCALE_TRY(tenant->Users().SetDisabled(id, true));
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

class Loader {
public:
    Loader(Store& store, const Context& context, const DemoScaleOptions& options, DemoScaleReport& report)
        : store_(store), context_(context), options_(options), report_(report), random_(options.seed) {}

    Status LoadPersons() {
        const DemoScaleSize size = SizeOf(options_.scale);
        long long next_report = size.persons / 10;
        const std::string prefecture = "鳥取県";
        const std::string municipality = "東伯郡栄浜町";
        while (report_.persons < size.persons) {
            std::vector<AuditEntry> audit;
            const Status batch = store_.Transaction([&](Store& transaction) -> Status {
                auto tenant = transaction.Tenant(context_.tenant);
                for (int household_index = 0; household_index < 1500 && report_.persons < size.persons;
                     ++household_index) {
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
                    const Instant known_since = RandomInstant(random_, kSpanStart - days{3 * 365}, kSpanEnd);
                    const OrganizationId creator = context_.organization_ids[static_cast<std::size_t>(
                        random_.Below(static_cast<int>(context_.organization_ids.size())))];
                    Household household{.municipality_id = context_.tenant,
                                        .name = std::string(kFamilyNames[family].kanji) + "さん世帯",
                                        .created_by_organization_id = creator,
                                        .created_at = known_since};
                    std::vector<Profile> profiles;
                    for (const PlannedMember& member : members) {
                        PersonData data = DataOf(member, address, part, landline ? home_phone : std::string());
                        auto person = tenant->Persons().Create(Person{.municipality_id = context_.tenant,
                                                                      .data = data,
                                                                      .created_by_organization_id = creator,
                                                                      .created_by_user_id = context_.staff.at(creator),
                                                                      .created_at = known_since,
                                                                      .updated_at = known_since},
                                                               PersonService::KeysOf(data));
                        if (!person) return Fail(person.error());
                        ++report_.persons;
                        if (member.age >= 65) ++report_.elderly;
                        audit.push_back(Entry(context_, known_since, creator, AuditAction::kCreate, "person",
                                              person->id, person->id, "*", ""));
                        household.members.push_back(HouseholdMember{
                            .person_id = person->id,
                            .relationship = member.relationship,
                            .is_head = member.relationship == Relationship::kHead,
                            .moved_in = data.birth_date && member.relationship == Relationship::kChild
                                            ? data.birth_date
                                            : std::optional<Date>(Date{std::chrono::floor<days>(known_since)})});
                        profiles.push_back(ProfileOf(kind, member));
                    }
                    auto saved = tenant->Households().Create(household);
                    if (!saved) return Fail(saved.error());
                    ++report_.households;
                    audit.push_back(Entry(context_, known_since, creator, AuditAction::kCreate, "household", saved->id,
                                          std::nullopt, "*", ""));
                    for (std::size_t i = 0; i < household.members.size(); ++i) {
                        known_.push_back(Known{.id = household.members[i].person_id,
                                               .household = saved->id,
                                               .profile = profiles[i],
                                               .part = static_cast<std::uint8_t>(part_index)});
                    }
                }
                SCALE_TRY(tenant->Audit().Append(audit));
                report_.audit_entries += static_cast<long long>(audit.size());
                return {};
            });
            if (!batch) return batch;
            if (report_.persons >= next_report) {
                Progress("persons " + std::to_string(report_.persons) + "/" + std::to_string(size.persons));
                next_report += size.persons / 10;
            }
        }
        return {};
    }

    Status LoadConsultations() {
        const DemoScaleSize size = SizeOf(options_.scale);
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
            std::vector<AuditEntry> audit;
            const Status batch = store_.Transaction([&](Store& transaction) -> Status {
                auto tenant = transaction.Tenant(context_.tenant);
                for (int thread = 0; thread < 800 && report_.contacts < size.contacts; ++thread) {
                    const double draw = random_.Unit() * total;
                    const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), draw);
                    const Known& subject = known_[std::min<std::size_t>(
                        static_cast<std::size_t>(at - cumulative.begin()), known_.size() - 1)];
                    SCALE_TRY(Thread(*tenant, subject, size.contacts - report_.contacts, audit));
                }
                SCALE_TRY(tenant->Audit().Append(audit));
                report_.audit_entries += static_cast<long long>(audit.size());
                return {};
            });
            if (!batch) return batch;
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
    Status Thread(TenantStore& tenant, const Known& subject, long long contacts_left, std::vector<AuditEntry>& audit) {
        const OrganizationId window = WindowOf(context_, random_, subject.profile);
        const UserId staff = context_.staff.at(window);
        // 30% end after 1–3 contacts, 40% take 4–15, 30% are long support of 15–40.
        const double shape = random_.Unit();
        int count = shape < 0.3   ? random_.Between(1, 3)
                    : shape < 0.7 ? random_.Between(4, 15)
                                  : random_.Between(15, 40);
        count = static_cast<int>(std::min<long long>(count, contacts_left));
        const Instant opened = DuringOfficeHours(random_, RandomInstant(random_, kSpanStart, kSpanEnd - days{1}));

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
        for (int i = 0; i < count && at < kSpanEnd; ++i) {
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
        const bool recent = kSpanEnd - last < days{120};
        const double outcome = random_.Unit();
        consultation.outcome = recent && outcome < 0.6 ? Outcome::kOpen
                               : outcome < 0.45        ? Outcome::kInformationProvided
                               : outcome < 0.72        ? Outcome::kReferred
                               : outcome < 0.82        ? Outcome::kEscalated
                                                       : Outcome::kOpen;
        auto saved = tenant.Consultations().Create(consultation);
        if (!saved) return Fail(saved.error());
        ++report_.consultations;
        report_.contacts += static_cast<long long>(consultation.contacts.size());
        audit.push_back(
            Entry(context_, opened, window, AuditAction::kRead, "person", subject.id, subject.id, "*", "own_record"));
        audit.push_back(
            Entry(context_, opened, window, AuditAction::kCreate, "consultation", saved->id, subject.id, "*", ""));
        if (consultation.outcome == Outcome::kReferred ||
            (consultation.outcome == Outcome::kEscalated && random_.Chance(0.5))) {
            return Refer(tenant, subject, *saved, last, audit);
        }
        return {};
    }

    Status Refer(TenantStore& tenant, const Known& subject, const Consultation& consultation, Instant sent_at,
                 std::vector<AuditEntry>& audit) {
        const OrganizationId from = consultation.receiving_organization_id;
        OrganizationId to = WindowOf(context_, random_, subject.profile);
        for (int attempt = 0; attempt < 4 && to == from; ++attempt) {
            to = context_.organization_ids[static_cast<std::size_t>(
                random_.Below(static_cast<int>(context_.organization_ids.size())))];
        }
        if (to == from) return {};
        nlohmann::json worries = nlohmann::json::array();
        for (const CategoryChoice& choice : consultation.categories) {
            worries.push_back(context_.category_labels.at(choice.category_id));
        }
        const std::string reason = "専門的な支援が必要なため、継続した関わりをお願いしたい。";
        Referral referral{.municipality_id = context_.tenant,
                          .person_id = subject.id,
                          .consultation_id = consultation.id,
                          .from_organization_id = from,
                          .to_organization_id = to,
                          .reason = reason,
                          .sheet = {{"person", {{"id", subject.id}}},
                                    {"household", nlohmann::json::array()},
                                    {"worries", worries},
                                    {"done", consultation.contacts.front().summary},
                                    {"reason", reason}},
                          .status = ReferralStatus::kSent,
                          .events = {ReferralEvent{.status = ReferralStatus::kSent,
                                                   .at = sent_at,
                                                   .user_id = context_.staff.at(from),
                                                   .organization_id = from,
                                                   .note = ""}},
                          .sent_at = sent_at};
        auto saved = tenant.Referrals().Create(referral);
        if (!saved) return Fail(saved.error());
        ++report_.referrals;
        audit.push_back(
            Entry(context_, sent_at, from, AuditAction::kCreate, "referral", saved->id, subject.id, "*", ""));
        // The states a referral is found in: old ones mostly completed, recent ones still waiting.
        std::vector<std::pair<ReferralStatus, std::string_view>> path;
        const double draw = random_.Unit();
        if (kSpanEnd - sent_at < days{14}) {
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
        Referral current = std::move(*saved);
        Instant at = sent_at;
        for (const auto& [status, note] : path) {
            at = AddWorkingDays(at, random_.Between(1, status == ReferralStatus::kCompleted ? 60 : 4));
            auto moved = tenant.Referrals().Transition(current.id, current.version,
                                                       ReferralEvent{.status = status,
                                                                     .at = at,
                                                                     .user_id = context_.staff.at(to),
                                                                     .organization_id = to,
                                                                     .note = std::string(note)});
            if (!moved) return Fail(moved.error());
            current = std::move(*moved);
            audit.push_back(Entry(context_, at, to, AuditAction::kStatusChange, "referral", current.id, subject.id,
                                  "status", "referral_receiver"));
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

DemoScaleSize SizeOf(DemoScale scale) {
    switch (scale) {
        case DemoScale::kTown: return {15'000, 75'000};
        case DemoScale::kCity: return {150'000, 750'000};
        case DemoScale::kPrefecture: return {1'000'000, 5'000'000};
    }
    return {};
}

Result<DemoScaleReport> LoadDemoScale(Store& store, const DemoTown& town, const DemoScaleOptions& options) {
    const auto start = SteadyClock::now();
    const MunicipalityId tenant_id = town.municipality.id;
    const std::string wanted = std::string(DemoScaleCode(options.scale)) + " seed " + std::to_string(options.seed);
    DemoScaleReport report;
    {
        auto tenant = store.Tenant(tenant_id);
        auto marker = tenant->Settings().Get(kMarkerKey);
        if (!marker) return Fail(marker.error());
        if (*marker) {
            if (**marker == wanted + " complete") return report;
            return Fail(Error::Conflict("このデータベースには別の規模のデモデータ（" + **marker +
                                            "）があります。新しいデータベースを指定してください",
                                        "scale"));
        }
        if (auto set = tenant->Settings().Set(kMarkerKey, wanted + " loading"); !set) return Fail(set.error());
    }
    auto context = PrepareContext(store, tenant_id);
    if (!context) return Fail(context.error());
    Loader loader(store, *context, options, report);
    SCALE_TRY(loader.LoadPersons());
    SCALE_TRY(loader.LoadConsultations());
    if (auto set = store.Tenant(tenant_id)->Settings().Set(kMarkerKey, wanted + " complete"); !set) {
        return Fail(set.error());
    }
    report.created = true;
    report.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    return report;
}

}  // namespace kasane::domain
