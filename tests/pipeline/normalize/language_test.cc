#include "pipeline/normalize/language.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

// Each about 300-400 bytes of plain news prose, written for these tests.
constexpr std::string_view kEnglish =
    "The central bank raised interest rates by a quarter of a percentage point on Wednesday, "
    "its third increase this year, saying that inflation remained stubbornly high even as "
    "economic growth slowed. Officials signalled that further increases were possible if "
    "prices kept rising faster than wages over the coming months.";
constexpr std::string_view kGerman =
    "Die Zentralbank hat den Leitzins am Mittwoch um einen Viertelprozentpunkt angehoben, "
    "zum dritten Mal in diesem Jahr. Die Inflation bleibe hartnäckig hoch, obwohl sich das "
    "Wirtschaftswachstum abgeschwächt habe, hieß es zur Begründung. Weitere Erhöhungen seien "
    "möglich, wenn die Preise weiterhin schneller stiegen als die Löhne.";
constexpr std::string_view kRussian =
    "Центральный банк в среду повысил ключевую ставку на четверть процентного пункта, уже в "
    "третий раз в этом году. Регулятор заявил, что инфляция остаётся высокой, хотя рост "
    "экономики замедлился, и не исключил дальнейшего повышения ставки в ближайшие месяцы.";
constexpr std::string_view kChinese =
    "中央银行周三宣布将基准利率上调零点二五个百分点，这是今年以来的第三次加息。央行表示，"
    "尽管经济增长有所放缓，但通货膨胀依然居高不下。官员们暗示，如果未来几个月物价继续快于"
    "工资上涨，不排除进一步加息的可能。";

TEST(PrimaryLanguage, LowerCasePrimarySubtag) {
  EXPECT_EQ(primary_language("en-GB"), "en");
  EXPECT_EQ(primary_language(" DE "), "de");
  EXPECT_EQ(primary_language("zh_TW"), "zh");
  EXPECT_EQ(primary_language("zh-Hant-TW"), "zh");
  EXPECT_EQ(primary_language("iw"), "he");
  EXPECT_EQ(primary_language("fil"), "fil");
  EXPECT_EQ(primary_language(""), "");
  EXPECT_EQ(primary_language("english"), "");
  EXPECT_EQ(primary_language("e"), "");
  EXPECT_EQ(primary_language("en.US"), "");
}

TEST(DetectLanguage, FourScriptsReliably) {
  for (const auto& [text, code] : {std::pair{kEnglish, "en"}, std::pair{kGerman, "de"},
                                   std::pair{kRussian, "ru"}, std::pair{kChinese, "zh"}}) {
    const DetectedLanguage d = detect_language(text);
    EXPECT_EQ(d.language, code);
    EXPECT_TRUE(d.reliable) << code;
    EXPECT_GE(d.percent, kMinOverridePercent) << code;
  }
}

TEST(DetectLanguage, NothingToGoOn) {
  EXPECT_EQ(detect_language("").language, "");
  EXPECT_FALSE(detect_language("12:45 — 3.5% (+0.2)").reliable);
  EXPECT_FALSE(detect_language("\xff\xfe broken").reliable);
}

TEST(LanguageInEffect, DetectedWhenNothingDeclared) {
  EXPECT_EQ(language_in_effect("", kEnglish), "en");
  EXPECT_EQ(language_in_effect("", kGerman), "de");
  EXPECT_EQ(language_in_effect("", kRussian), "ru");
  EXPECT_EQ(language_in_effect("", kChinese), "zh");
  EXPECT_EQ(language_in_effect("", "12:45"), "");
}

TEST(LanguageInEffect, MatchingDeclarationKept) {
  EXPECT_EQ(language_in_effect("en-US", kEnglish), "en");
  EXPECT_EQ(language_in_effect("de-AT", kGerman), "de");
  EXPECT_EQ(language_in_effect("ru", kRussian), "ru");
  EXPECT_EQ(language_in_effect("zh-Hant", kChinese), "zh");
}

TEST(LanguageInEffect, WrongDeclarationOverriddenByEnoughText) {
  // A German desk's feed template says "en" for everything.
  EXPECT_EQ(language_in_effect("en", kGerman), "de");
  EXPECT_EQ(language_in_effect("de", kRussian), "ru");
  EXPECT_EQ(language_in_effect("en-US", kChinese), "zh");
}

TEST(LanguageInEffect, ShortTextNeverOverridesADeclaration) {
  const std::string_view headline = "Zentralbank erhöht den Leitzins erneut";
  EXPECT_EQ(detect_language(headline).language, "de");  // CLD2 does have an opinion
  EXPECT_EQ(language_in_effect("en", headline), "en");
  const std::string_view first_sentence = kGerman.substr(0, kGerman.find('.') + 1);
  ASSERT_LT(detect_language(first_sentence).text_bytes, kMinOverrideBytes);
  EXPECT_EQ(language_in_effect("fr", first_sentence), "fr");
}

TEST(LanguageInEffect, RelatedLanguagesDoNotContradict) {
  constexpr std::string_view kNorwegian =
      "Sentralbanken hevet onsdag styringsrenten med et kvart prosentpoeng, for tredje gang i "
      "år. Inflasjonen er fortsatt høy selv om veksten i økonomien har avtatt, og nye "
      "renteøkninger kan komme dersom prisene fortsetter å stige raskere enn lønningene i "
      "månedene som kommer, sa sentralbanksjefen på en pressekonferanse.";
  ASSERT_EQ(detect_language(kNorwegian).language, "no");
  EXPECT_EQ(language_in_effect("nb", kNorwegian), "nb");
}

TEST(LanguageInEffect, TitleAndBodyAsIfJoined) {
  // The body is cut where detection stops reading; what comes out is what the joined text
  // gives, for a declaration that the text contradicts and for none.
  std::string body;
  for (int i = 0; i < 4; ++i) body.append(kGerman).append(" ");
  for (const std::string declared : {"", "en", "de"}) {
    for (const std::string& title : {std::string(), std::string("Kurz"), std::string(kEnglish)}) {
      EXPECT_EQ(language_in_effect(declared, title, body),
                language_in_effect(declared, title + "\n\n" + body))
          << declared << " / " << title;
      EXPECT_EQ(language_in_effect(declared, title, "ok"),
                language_in_effect(declared, title + "\n\nok"));
    }
  }
}

}  // namespace
}  // namespace newswired
