#include "pipeline/normalize/function_words.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "pipeline/normalize/language.h"

namespace newswired {
namespace {

// The same short news story in each language with a word list, plus two that share many words
// with listed ones (Afrikaans and Dutch, Catalan and Spanish), written for these tests.
const std::array<std::pair<std::string_view, std::string_view>, 9> kStories{{
    {"en",
     "The central bank raised interest rates by a quarter of a percentage point on Wednesday, "
     "its third increase this year, saying that inflation was still too high. Officials said "
     "that further increases were possible if prices kept rising faster than wages, and the "
     "government has said it would support the decision."},
    {"de",
     "Die Zentralbank hat den Leitzins am Mittwoch um einen Viertelprozentpunkt angehoben, zum "
     "dritten Mal in diesem Jahr. Die Inflation sei noch immer zu hoch, hieß es. Weitere "
     "Erhöhungen sind nach Angaben der Bank möglich, wenn die Preise auch in den kommenden "
     "Monaten schneller steigen als die Löhne, und die Regierung will die Entscheidung "
     "unterstützen."},
    {"fr",
     "La banque centrale a relevé mercredi ses taux d'un quart de point, la troisième hausse "
     "de l'année, en estimant que l'inflation est encore trop forte. Selon les responsables, "
     "d'autres hausses sont possibles si les prix continuent de monter plus vite que les "
     "salaires, et le gouvernement a dit qu'il soutiendrait cette décision."},
    {"es",
     "El banco central subió el miércoles los tipos de interés un cuarto de punto, la tercera "
     "subida del año, y dijo que la inflación sigue siendo demasiado alta. Según los "
     "responsables, son posibles nuevas subidas si los precios siguen creciendo más que los "
     "salarios, y el gobierno ha dicho que apoya la decisión del banco."},
    {"it",
     "La banca centrale ha alzato mercoledì i tassi di un quarto di punto, il terzo aumento "
     "dell'anno, spiegando che l'inflazione è ancora troppo alta. Secondo i responsabili sono "
     "possibili altri aumenti se i prezzi continuano a crescere più dei salari, e il governo "
     "ha detto che sosterrà la decisione della banca."},
    {"pt",
     "O banco central elevou na quarta-feira os juros em um quarto de ponto, a terceira alta "
     "do ano, e disse que a inflação ainda está alta demais. Segundo os responsáveis, são "
     "possíveis novas altas se os preços continuarem a subir mais do que os salários, e o "
     "governo disse que apoia a decisão do banco."},
    {"nl",
     "De centrale bank heeft woensdag de rente met een kwart procentpunt verhoogd, de derde "
     "verhoging van het jaar, omdat de inflatie volgens de bank nog altijd te hoog is. Verdere "
     "verhogingen zijn mogelijk als de prijzen sneller blijven stijgen dan de lonen, en de "
     "regering zegt dat zij het besluit van de bank steunt."},
    {"af",
     "Die sentrale bank het Woensdag die rentekoers met 'n kwart persentasiepunt verhoog, die "
     "derde verhoging vanjaar, omdat die inflasie volgens die bank nog steeds te hoog is. Nog "
     "verhogings is moontlik as pryse vinniger as lone bly styg, en die regering sê hy steun "
     "die besluit van die bank, maar baie mense is nie gelukkig nie."},
    {"ca",
     "El banc central va apujar dimecres els tipus d'interès un quart de punt, la tercera "
     "pujada de l'any, i va dir que la inflació continua sent massa alta. Segons els "
     "responsables, són possibles noves pujades si els preus continuen creixent més que els "
     "salaris, i el govern ha dit que dona suport a la decisió del banc."},
}};

TEST(FunctionWords, EachStoryReadsAsItsOwnLanguageOnly) {
  for (const auto& [language, story] : kStories) {
    for (const auto& [other, unused] : kStories) {
      if (other == language) continue;
      EXPECT_FALSE(reads_as(other, story)) << "story in " << language << " read as " << other;
    }
  }
  // Afrikaans shares "die" with German and much with Dutch: its list is there to keep its text
  // from confirming them, and it may go to detection itself.
  for (const char* language : {"en", "de", "fr", "es", "it", "pt", "nl"}) {
    const auto story = std::find_if(kStories.begin(), kStories.end(),
                                    [&](const auto& s) { return s.first == language; });
    EXPECT_TRUE(reads_as(language, story->second)) << language;
  }
}

TEST(FunctionWords, CatalanIsNotTakenForSpanish) {
  // Catalan has no list of its own: it only has to not confirm its neighbours.
  EXPECT_FALSE(has_function_words("ca"));
  for (const char* neighbour : {"es", "fr", "it", "pt"})
    EXPECT_FALSE(reads_as(neighbour, kStories[8].second)) << neighbour;
}

TEST(FunctionWords, OtherScriptsAndShortTextsConfirmNothing) {
  const std::string_view russian =
      "Центральный банк в среду повысил ключевую ставку на четверть процентного пункта, уже в "
      "третий раз в этом году, и не исключил дальнейшего повышения в ближайшие месяцы.";
  for (const char* language : {"en", "de", "fr", "es", "it", "pt", "nl", "af"})
    EXPECT_FALSE(reads_as(language, russian)) << language;
  // Fewer than kMinFunctionWords words: a headline is never enough.
  EXPECT_FALSE(reads_as("en", "The bank raised the rates of the country on the day"));
  EXPECT_FALSE(reads_as("sv", "Centralbanken höjde räntan med en kvarts procentenhet"));
}

TEST(FunctionWords, OnlyTheFirstBytesCount) {
  // English opening, then German at length: what is read is the opening.
  std::string text;
  while (text.size() < kFunctionWordBytes) text += std::string(kStories[0].second) + " ";
  while (text.size() < 4 * kFunctionWordBytes) text += " " + std::string(kStories[1].second);
  EXPECT_TRUE(reads_as("en", text));
  EXPECT_FALSE(reads_as("de", text));
}

TEST(FunctionWords, AConfirmedDeclarationAgreesWithDetection) {
  for (const auto& [language, story] : kStories) {
    if (!reads_as(language, story)) continue;
    EXPECT_EQ(language_in_effect(language, story), language_by_detection(language, story))
        << language;
  }
}

TEST(FunctionWords, AWrongDeclarationStillGoesToDetection) {
  // A German story in a feed that says "en": the shortcut does not confirm it, CLD2 decides.
  EXPECT_FALSE(reads_as("en", kStories[1].second));
  EXPECT_EQ(language_in_effect("en", kStories[1].second), "de");
  EXPECT_EQ(language_in_effect("nl", kStories[7].second), "af");
}

}  // namespace
}  // namespace newswired
