package io.gympulse.gateway.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time of every event-loop thread every 10 ms, so that when Vert.x reports a task running too long
 * (in wall time) {@link GuardedVertx} can tell a handler that blocked or burned the loop from a loop that the
 * operating system did not schedule because the machine was busy.
 */
final class LoopCpuClock {

  /** Frames that mean the loop sat in blocking I/O, which costs no CPU but is the handler's fault all the same. */
  private static final List<String> BLOCKING_IO = List.of("java.io.FileInputStream", "java.io.FileOutputStream",
      "java.io.RandomAccessFile", "sun.nio.ch.FileDispatcherImpl", "sun.nio.ch.FileChannelImpl",
      "sun.nio.ch.NioSocketImpl", "java.net.Socket", "java.net.Inet4AddressImpl", "java.net.Inet6AddressImpl",
      "sun.nio.fs.UnixNativeDispatcher");
  private static final int SAMPLES_KEPT = 1_000;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, ArrayDeque<long[]>> samples = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "event-loop-cpu-sampler");
    thread.setDaemon(true);
    return thread;
  });

  /** How a task that ran too long in wall time spent that time. */
  record Verdict(String kind, long cpuMillis, String detail) {

    /**
     * Whether the task itself kept the loop: it waited, did blocking I/O, or used {@code max} ms of CPU. A running
     * task below that was slowed by the machine, not by what it does.
     */
    boolean handlersFault(long max) {
      return !kind.equals("running") || cpuMillis >= max;
    }

    @Override
    public String toString() {
      return kind + ", cpu " + cpuMillis + " ms" + (detail.isEmpty() ? "" : ", " + detail);
    }
  }

  private LoopCpuClock() {
  }

  static LoopCpuClock start() {
    LoopCpuClock clock = new LoopCpuClock();
    clock.sampler.scheduleAtFixedRate(clock::sample, 0, 10, TimeUnit.MILLISECONDS);
    return clock;
  }

  void stop() {
    sampler.shutdownNow();
  }

  /** Judges {@code thread}, reported running one task for {@code wallNanos}. */
  Verdict judge(Thread thread, long wallNanos) {
    Thread.State state = thread.getState();
    StackTraceElement[] stack = thread.getStackTrace();
    String top = stack.length == 0 ? "" : stack[0].toString();
    long cpuNow = threads.getThreadCpuTime(thread.getId());
    // before the first sample of this thread, count its whole life: an upper bound of what the task used
    long cpuMillis = (cpuNow - cpuAt(thread.getId(), System.nanoTime() - wallNanos)) / 1_000_000;
    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
        || state == Thread.State.BLOCKED && stack.length > 0 && stack[0].getClassName().startsWith("io.gympulse")) {
      return new Verdict("waiting (" + state + ")", cpuMillis, "at " + frames(stack));
    }
    // BLOCKED on a library's own monitor (Vert.x binding a shared server, say) waits for a thread the machine is
    // starving too; it is judged by CPU like a running task
    if (stack.length > 0 && BLOCKING_IO.stream().anyMatch(stack[0].getClassName()::startsWith) && !loadingClasses(stack)) {
      return new Verdict("blocking I/O", cpuMillis, "at " + frames(stack));
    }
    return new Verdict("running", cpuMillis, "at " + top);
  }

  /** First-use class loading reads jars, which is I/O the handler did not choose: it is judged by CPU instead. */
  private static boolean loadingClasses(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().equals("java.lang.ClassLoader") && frame.getMethodName().startsWith("loadClass")) {
        return true;
      }
    }
    return false;
  }

  /** The frames that say which of our calls it was: the top ones and the first of ours. */
  private static String frames(StackTraceElement[] stack) {
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < stack.length; i++) {
      if (i < 4 || stack[i].getClassName().startsWith("io.gympulse")) {
        where.append(i == 0 ? "" : " < ").append(stack[i]);
        if (i >= 4) {
          break;
        }
      }
    }
    return where.toString();
  }

  /** The thread's CPU time at {@code nanoTime} or the last sample before it; 0 (its birth) without one. */
  private long cpuAt(long threadId, long nanoTime) {
    ArrayDeque<long[]> history = samples.get(threadId);
    if (history == null) {
      return 0;
    }
    synchronized (history) {
      long latest = 0;
      for (long[] sample : history) {
        if (sample[0] > nanoTime) {
          break;
        }
        latest = sample[1];
      }
      return latest;
    }
  }

  private void sample() {
    // every tick: a loop started between two looks could not be judged (ids and names only, no stacks: cheap)
    discover();
    long now = System.nanoTime();
    samples.forEach((id, history) -> {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        samples.remove(id);
        return;
      }
      synchronized (history) {
        if (history.size() == SAMPLES_KEPT) {
          history.removeFirst();
        }
        history.addLast(new long[] {now, cpu});
      }
    });
  }

  private void discover() {
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      if (info != null && info.getThreadName().contains("eventloop")) {
        samples.computeIfAbsent(info.getThreadId(), id -> new ArrayDeque<>());
      }
    }
  }
}
