package io.gympulse.load.gatling;

import io.gympulse.load.fleet.FleetDriver;
import io.gympulse.load.fleet.FleetMachine;
import io.gympulse.load.fleet.FleetOptions;
import io.gympulse.load.fleet.FleetSummary;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device fleet a simulation runs beside its members: started in the simulation's {@code before}, stopped in its
 * {@code after}, with the summary printed. Blocking calls are for those hooks only; {@link #report} returns at once.
 */
public final class Fleet {

  /** Null: no fleet of ours (see {@link #publishing}). */
  private final FleetOptions options;
  private final Target target;
  private Vertx vertx;
  private FleetDriver driver;
  private List<FleetMachine> listed;

  private Fleet(FleetOptions options, Target target) {
    this.options = options;
    this.target = target;
  }

  /**
   * Random transitions at {@code rate} a second for {@code duration}, over 4 branch hubs and 50 sensors; or, for a
   * target without a devices' endpoint (a deployed stack), no fleet at all: the members then watch the stack's own
   * devices (its simulator, or real ones), and the machines are those the gateway lists.
   */
  public static Fleet publishing(Target target, double rate, Duration duration) {
    if (!target.hasDevices()) {
      return new Fleet(null, target);
    }
    return new Fleet(FleetOptions.defaults().withMqttUrl(target.mqttUrl()).withRate(rate)
        .withDurationSeconds((int) duration.toSeconds()).withDevices(4, 50), target);
  }

  /**
   * Two branch hubs (about a hundred machines) that change a machine only now and then by themselves, and exactly
   * when {@link #report} says; a reported machine is left alone afterwards.
   */
  public static Fleet onDemand(Target target, Duration duration) {
    return new Fleet(FleetOptions.defaults().withMqttUrl(target.mqttUrl()).withRate(0.5)
        .withDurationSeconds((int) duration.toSeconds()).withDevices(2, 0), target);
  }

  /** Connects every device and starts publishing; returns once they are connected. */
  public synchronized void start() {
    if (options == null) {
      listed = target.listedMachines();
      System.out.println("load tests: no devices' endpoint: watching the stack's own devices, " + listed.size() + " machines");
      return;
    }
    vertx = Vertx.vertx();
    driver = await(FleetDriver.start(vertx, options).toCompletionStage().toCompletableFuture(), Duration.ofMinutes(2));
    System.out.println("load tests: fleet connected, " + driver.machines().size() + " machines at " + options.rate() + "/s");
  }

  /** The machines the fleet drives (hub machines first). */
  public synchronized List<FleetMachine> machines() {
    if (listed != null) {
      return listed;
    }
    if (driver == null) {
      throw new IllegalStateException("the fleet has not started");
    }
    return driver.machines();
  }

  /** Publishes {@code status} for a machine after {@code delay}, as its device; returns at once. */
  public void report(String gymId, String machineId, String status, Duration delay) {
    FleetDriver fleet = driver;
    Runnable publish = () -> fleet.publish(gymId, machineId, status)
        .onFailure(e -> System.err.println("load tests: could not report " + machineId + " " + status + ": " + e));
    if (delay.isZero()) {
      publish.run();
    } else {
      vertx.setTimer(delay.toMillis(), id -> publish.run());
    }
  }

  /** Stops publishing, waits for the acknowledgements, prints the summary. */
  public synchronized void stop() {
    if (driver != null) {
      FleetSummary summary = await(driver.stop().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
      System.out.println("load tests: fleet " + summary);
      driver = null;
    }
    if (vertx != null) {
      vertx.close();
      vertx = null;
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the fleet failed: " + e.getMessage(), e);
    }
  }
}
