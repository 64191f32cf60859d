package chatpro.directory.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchWordsTest {

  @Test
  void foldsCaseAndAccents() {
    assertEquals("jose alvarez", SearchWords.fold("José ÁLVAREZ"));
    assertEquals("francoise", SearchWords.fold("Françoise"));
  }

  @Test
  void personIsFoundByEveryWordAndTheWholeUsername() {
    Set<String> words = SearchWords.of("ada.lovelace", "Ada Lovelace", "Head of Night-Shift", "Ward 7");
    assertEquals(Set.of("ada.lovelace", "ada", "lovelace", "head", "of", "night", "shift", "ward", "7"), words);
  }

  @Test
  void queryTermsAreFoldedSplitAndCapped() {
    assertEquals(List.of("jose", "alv"), SearchWords.terms("  José, Álv "));
    assertEquals(5, SearchWords.terms("a b c d e f g").size());
    assertTrue(SearchWords.terms("  ,, ").isEmpty());
  }

  @Test
  void oneEditAnywhereInThePrefix() {
    assertTrue(SearchWords.startsWithOneEdit("cardiology", "cardio"));
    assertTrue(SearchWords.startsWithOneEdit("cardiology", "cardiolgy"), "a letter left out");
    assertTrue(SearchWords.startsWithOneEdit("cardiology", "carddio"), "a letter added");
    assertTrue(SearchWords.startsWithOneEdit("cardiology", "kardio"), "a letter changed, even the first");
    assertTrue(SearchWords.startsWithOneEdit("nurse", "nurze"));
    assertTrue(SearchWords.startsWithOneEdit("nurs", "nurse"), "the word may end where the term's last letter is");
    assertTrue(SearchWords.startsWithOneEdit("ardiology", "cardio"));
    assertFalse(SearchWords.startsWithOneEdit("cardiology", "cadriology"), "a swap is two edits");
    assertFalse(SearchWords.startsWithOneEdit("cardiology", "kardiolgy"));
    assertFalse(SearchWords.startsWithOneEdit("nu", "nurse"));
  }

  @Test
  void typosOnlyFromFourLetters() {
    assertFalse(SearchWords.typoAllowed("ann"));
    assertTrue(SearchWords.typoAllowed("anna"));
  }
}
