package io.gympulse.gateway.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits one line of a documented shell sample into a pipeline of words the way bash would for the forms the
 * samples use: quotes, backslash escapes, {@code $NAME}, {@code $(...)} (evaluated by the caller), {@code |} and a
 * trailing {@code # comment}. Anything fancier is the sample's problem, not this class's.
 */
final class ShellLine {

  private final String text;
  private final Map<String, String> variables;
  private final Function<String, String> substitution;
  private int at;

  private ShellLine(String text, Map<String, String> variables, Function<String, String> substitution) {
    this.text = text;
    this.variables = variables;
    this.substitution = substitution;
  }

  /** The pipeline's commands, each a list of words; {@code substitution} answers a {@code $(...)} body. */
  static List<List<String>> parse(String text, Map<String, String> variables, Function<String, String> substitution) {
    return new ShellLine(text, variables, substitution).pipeline();
  }

  private List<List<String>> pipeline() {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    while (true) {
      skipBlanks();
      if (at >= text.length() || text.charAt(at) == '#') {
        break;
      }
      if (text.charAt(at) == '|') {
        at++;
        commands.add(words);
        words = new ArrayList<>();
        continue;
      }
      words.add(word());
    }
    commands.add(words);
    return commands;
  }

  private String word() {
    StringBuilder word = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == ' ' || c == '\t' || c == '|') {
        break;
      }
      if (c == '\'') {
        int end = text.indexOf('\'', at + 1);
        word.append(text, at + 1, end);
        at = end + 1;
      } else if (c == '"') {
        at++;
        doubleQuoted(word);
      } else if (c == '\\') {
        word.append(text.charAt(at + 1));
        at += 2;
      } else if (c == '$') {
        word.append(dollar());
      } else {
        word.append(c);
        at++;
      }
    }
    return word.toString();
  }

  private void doubleQuoted(StringBuilder word) {
    while (text.charAt(at) != '"') {
      char c = text.charAt(at);
      if (c == '\\' && "\"\\$`".indexOf(text.charAt(at + 1)) >= 0) {
        word.append(text.charAt(at + 1));
        at += 2;
      } else if (c == '$') {
        word.append(dollar());
      } else {
        word.append(c);
        at++;
      }
    }
    at++;
  }

  private String dollar() {
    if (text.startsWith("$(", at)) {
      int end = closingParenthesis(at + 2);
      String body = text.substring(at + 2, end);
      at = end + 1;
      return substitution.apply(body);
    }
    int start = ++at;
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
      at++;
    }
    String name = text.substring(start, at);
    String value = variables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the sample uses $" + name + " before setting it");
    }
    return value;
  }

  private int closingParenthesis(int from) {
    int depth = 1;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed $( in: " + text);
  }

  private void skipBlanks() {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
  }
}
