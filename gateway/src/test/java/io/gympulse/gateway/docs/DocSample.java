package io.gympulse.gateway.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fenced {@code bash} block of the README or a docs page, cut into the steps a reader would take: commands,
 * the lines they send to a WebSocket ({@code > }), the frames they are shown ({@code < }) and printed output.
 */
record DocSample(String file, int line, List<Step> steps) {

  /** What a reader does or sees, in the order the page shows it. */
  sealed interface Step permits Command, WsSend, WsExpect, Output {
  }

  /** A shell command line, continuation lines joined. */
  record Command(String text) implements Step {
  }

  /** A {@code > ...} line: a frame the reader types into wscat. */
  record WsSend(String text) implements Step {
  }

  /** A {@code < ...} line: a frame the reader is shown by wscat. */
  record WsExpect(String text) implements Step {
  }

  /** Lines a command prints, shown right below it. */
  record Output(String text) implements Step {
  }

  /** Every {@code bash} block of {@code file}. */
  static List<DocSample> read(Path root, String file) throws IOException {
    List<String> lines = Files.readAllLines(root.resolve(file));
    List<DocSample> samples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals("```bash")) {
        continue;
      }
      int start = i + 1;
      List<String> block = new ArrayList<>();
      for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
        block.add(lines.get(i));
      }
      samples.add(new DocSample(file, start + 1, steps(block)));
    }
    return samples;
  }

  private static List<Step> steps(List<String> block) {
    List<Step> steps = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : block) {
      String line = raw.stripTrailing();
      if (pending.length() > 0) {
        pending.append(' ').append(line.strip());
      } else if (line.startsWith("> ")) {
        steps.add(new WsSend(line.substring(2)));
        continue;
      } else if (line.startsWith("< ")) {
        steps.add(new WsExpect(line.substring(2)));
        continue;
      } else if (line.startsWith("{") || line.startsWith(" \"")) {
        appendOutput(steps, line);
        continue;
      } else if (line.isBlank() || line.startsWith("#")) {
        continue;
      } else {
        pending.append(line.strip());
      }
      if (pending.charAt(pending.length() - 1) == '\\') {
        pending.setLength(pending.length() - 1);
      } else {
        steps.add(new Command(pending.toString().strip()));
        pending.setLength(0);
      }
    }
    return steps;
  }

  private static void appendOutput(List<Step> steps, String line) {
    if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Output previous) {
      steps.set(steps.size() - 1, new Output(previous.text() + line));
    } else {
      steps.add(new Output(line));
    }
  }

  String where() {
    return file + ":" + line;
  }
}
