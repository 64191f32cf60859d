package chatpro.directory.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns names and queries into the words search compares: lower case, accents removed, split on anything else. */
public final class SearchWords {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
  public static final int MAX_WORD = 64;
  public static final int MAX_TERMS = 5;

  private SearchWords() {}

  /** Lower case, without accents (é → e, ß stays ß, Ø stays ø). */
  public static String fold(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
  }

  /** The words a person is found by; a username also counts whole ("ada.lovelace" and "ada", "lovelace"). */
  public static Set<String> of(String username, String displayName, String title, String department) {
    Set<String> words = new LinkedHashSet<>();
    if (username != null) {
      String whole = fold(username);
      if (!whole.isEmpty()) {
        words.add(cut(whole));
      }
    }
    for (String text : new String[] {username, displayName, title, department}) {
      if (text != null) {
        words.addAll(split(text));
      }
    }
    return words;
  }

  /** The terms of a query, at most {@link #MAX_TERMS}. */
  public static List<String> terms(String query) {
    List<String> terms = new ArrayList<>(split(query));
    return terms.size() > MAX_TERMS ? terms.subList(0, MAX_TERMS) : terms;
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String w : SEPARATORS.split(fold(text))) {
      if (!w.isEmpty()) {
        out.add(cut(w));
      }
    }
    return out;
  }

  private static String cut(String w) {
    return w.length() > MAX_WORD ? w.substring(0, MAX_WORD) : w;
  }

  /**
   * Whether {@code word} starts with {@code term} give or take one edit (a letter changed, added or left out).
   * Runs in time linear in the term, and stops at the second difference.
   */
  public static boolean startsWithOneEdit(String word, String term) {
    int n = term.length();
    int i = 0;
    while (i < n && i < word.length() && word.charAt(i) == term.charAt(i)) {
      i++;
    }
    if (i == n) {
      return true;
    }
    // First difference at i: try a changed letter, an extra letter in the word, a letter missing from the word.
    return word.startsWith(term.substring(i + 1), i + 1)
        || word.startsWith(term.substring(i), i + 1)
        || word.startsWith(term.substring(i + 1), i);
  }

  /** Whether one typo is allowed for this query term. */
  public static boolean typoAllowed(String term) {
    return term.codePointCount(0, term.length()) >= 4;
  }
}
