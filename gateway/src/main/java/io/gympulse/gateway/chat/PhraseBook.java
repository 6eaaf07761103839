package io.gympulse.gateway.chat;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How members ask, as phrases: equipment and body-part words for categories, district names and common
 * short forms for branches, and the words of the three intents. Longer phrases win over the words they
 * contain ("rowing machine" is cardio although "row" is back), and matching is on whole words.
 */
public final class PhraseBook {

  private static final Map<String, Category> CATEGORY_PHRASES = new LinkedHashMap<>();
  private static final List<String> NEAR_ME = List.of("near me", "nearby", "near here", "closest", "nearest", "around me",
      "around here", "close to me", "close by");
  private static final List<String> BUSY = List.of("busy", "crowded", "packed", "rammed", "how many people");
  private static final List<String> QUIET = List.of("quiet", "quietest", "best time", "least busy", "when should",
      "when is", "when's", "what time", "off peak", "off-peak", "peak hours", "peak");

  static {
    phrases(Category.LEGS, "leg day", "legs", "leg", "squat rack", "squats", "squat", "leg press", "hack squat", "lunges",
        "calf raise", "calves", "calf", "hamstrings", "hamstring", "quads", "quad", "glutes", "glute", "leg extension", "leg curl");
    phrases(Category.CHEST, "chest day", "chest", "bench press", "bench", "pec deck", "pecs", "pec", "incline", "flyes", "fly",
        "push day", "cable crossover", "chest press");
    phrases(Category.BACK, "back day", "back", "lat pulldown", "lats", "lat", "pulldown", "seated row", "t-bar", "t bar",
        "pull-ups", "pull-up", "pull ups", "pull up", "chin-up", "chin up", "pull day", "deadlift", "back extension");
    phrases(Category.ARMS, "arm day", "arms", "arm", "biceps", "bicep", "triceps", "tricep", "curls", "curl", "dips", "dip",
        "preacher");
    phrases(Category.CARDIO, "cardio", "treadmill", "treadmills", "running", "run", "jog", "jogging", "spin bike", "spin",
        "bike", "bikes", "cycling", "elliptical", "cross trainer", "rowing machine", "rowing", "rower", "stair climber",
        "stairmaster", "stairs", "conditioning", "hiit");
    phrases(Category.CORE, "core", "abs", "ab", "crunches", "crunch", "sit-ups", "sit ups", "situps", "plank", "obliques",
        "captain's chair", "captains chair", "rotary torso", "ab roller");
    // "row" alone after the longer cardio phrases, so "rowing machine" stays cardio
    CATEGORY_PHRASES.put("row", Category.BACK);
    CATEGORY_PHRASES.put("rows", Category.BACK);
  }

  private static void phrases(Category category, String... phrases) {
    for (String phrase : phrases) {
      CATEGORY_PHRASES.put(phrase, category);
    }
  }

  private final List<Map.Entry<String, Branch>> branchPhrases = new ArrayList<>();

  /** Branch phrases from the catalog: the district in each branch's name, its id, and common short forms. */
  public PhraseBook(Catalog catalog) {
    Map<String, Branch> phrases = new LinkedHashMap<>();
    for (Branch branch : catalog.branches()) {
      String district = district(branch.name());
      phrases.put(normalise(district), branch);
      phrases.put(normalise(district.replace(" ", "")), branch);
      phrases.put(normalise(branch.id().replace('-', ' ')), branch);
    }
    aliases(catalog, phrases, "tst", "tsim sha tsui");
    aliases(catalog, phrases, "cwb", "causeway bay");
    aliases(catalog, phrases, "causeway", "causeway bay");
    aliases(catalog, phrases, "mk", "mong kok");
    aliases(catalog, phrases, "ssp", "sham shui po");
    branchPhrases.addAll(phrases.entrySet());
    branchPhrases.sort(Comparator.comparingInt((Map.Entry<String, Branch> e) -> e.getKey().length()).reversed());
  }

  private static void aliases(Catalog catalog, Map<String, Branch> phrases, String alias, String district) {
    Branch branch = phrases.get(normalise(district));
    if (branch != null) {
      phrases.put(alias, branch);
    }
  }

  /** "GymPulse Causeway Bay (Hennessy Road)" → "Causeway Bay". */
  static String district(String branchName) {
    String name = branchName.replaceFirst("^GymPulse\\s+", "");
    int bracket = name.indexOf(" (");
    return bracket > 0 ? name.substring(0, bracket) : name;
  }

  public Understanding understand(String message) {
    String text = " " + normalise(message) + " ";
    Optional<Category> category = longestMatch(text, CATEGORY_PHRASES);
    Optional<Branch> branch = Optional.empty();
    for (Map.Entry<String, Branch> phrase : branchPhrases) {
      if (text.contains(" " + phrase.getKey() + " ")) {
        branch = Optional.of(phrase.getValue());
        break;
      }
    }
    Understanding.Intent intent = containsAny(text, QUIET) ? Understanding.Intent.QUIET_TIME
        : containsAny(text, BUSY) ? Understanding.Intent.BUSY : Understanding.Intent.FIND;
    return new Understanding(intent, category, branch, containsAny(text, NEAR_ME));
  }

  private static Optional<Category> longestMatch(String text, Map<String, Category> phrases) {
    String best = null;
    for (String phrase : phrases.keySet()) {
      if (text.contains(" " + phrase + " ") && (best == null || phrase.length() > best.length())) {
        best = phrase;
      }
    }
    return Optional.ofNullable(best).map(phrases::get);
  }

  private static boolean containsAny(String text, List<String> phrases) {
    return phrases.stream().anyMatch(phrase -> text.contains(" " + phrase + " ") || text.contains(" " + phrase));
  }

  /** Lower case, accents folded, punctuation as spaces (apostrophes and hyphens kept inside words). */
  static String normalise(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    return folded.replaceAll("[^a-z0-9'\\- ]", " ").replaceAll("\\s+", " ").trim();
  }
}
