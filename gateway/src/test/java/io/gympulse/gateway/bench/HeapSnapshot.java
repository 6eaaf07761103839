package io.gympulse.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What another JVM holds after a full GC, read with {@code jcmd}: used heap as the collector reports it, and
 * the live objects by class. The histogram is exact (live bytes); used heap includes region rounding.
 */
record HeapSnapshot(long usedBytes, Map<String, ClassCount> histogram) {

  /** Live instances and bytes of one class. */
  record ClassCount(long instances, long bytes) {
  }

  // top-level generations ("garbage-first heap   total 1048576K, used 6083K"), not indented spaces or Metaspace
  private static final Pattern USED = Pattern.compile("^ (?!Metaspace)\\S.*?\\bused (\\d+)K", Pattern.MULTILINE);
  // a lambda's class is named per process ("Foo$$Lambda$531/0x00007f595027f1e8"): compare them by host class
  private static final Pattern LAMBDA_SUFFIX = Pattern.compile("\\$\\$Lambda\\$\\d+/0x\\p{XDigit}+");
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  /**
   * Full GC and used heap {@code rounds} times, keeping the least (a collection can leave garbage that the
   * process made meanwhile), then a class histogram, which runs one more full GC itself.
   */
  static HeapSnapshot of(long pid, int rounds) throws IOException, InterruptedException {
    long used = Long.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      jcmd(pid, "GC.run");
      used = Math.min(used, usedBytes(jcmd(pid, "GC.heap_info")));
    }
    Map<String, ClassCount> histogram = new HashMap<>();
    Matcher row = HISTOGRAM_ROW.matcher(jcmd(pid, "GC.class_histogram"));
    while (row.find()) {
      String type = LAMBDA_SUFFIX.matcher(row.group(3)).replaceAll("\\$\\$Lambda");
      histogram.merge(type, new ClassCount(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
          (a, b) -> new ClassCount(a.instances() + b.instances(), a.bytes() + b.bytes()));
    }
    if (histogram.isEmpty()) {
      throw new IllegalStateException("jcmd GC.class_histogram gave no rows for process " + pid);
    }
    return new HeapSnapshot(used, histogram);
  }

  /** All live object bytes, the histogram's total. */
  long liveBytes() {
    return histogram.values().stream().mapToLong(ClassCount::bytes).sum();
  }

  private static long usedBytes(String heapInfo) {
    Matcher used = USED.matcher(heapInfo);
    long kilobytes = 0;
    boolean found = false;
    while (used.find()) {
      kilobytes += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no used heap in jcmd GC.heap_info:\n" + heapInfo);
    }
    return kilobytes * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
    }
    return output;
  }
}
