package io.gympulse.tools.lambda;

import io.gympulse.tools.BranchSite;
import io.gympulse.tools.EstimatedRoutes;
import io.gympulse.tools.Position;
import io.gympulse.tools.Route;
import io.gympulse.tools.RouteSource;
import io.gympulse.tools.TravelMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.location.LocationClient;
import software.amazon.awssdk.services.location.LocationClientBuilder;
import software.amazon.awssdk.services.location.model.CalculateRouteMatrixResponse;
import software.amazon.awssdk.services.location.model.DistanceUnit;
import software.amazon.awssdk.services.location.model.RouteMatrixEntry;

/**
 * Travel times from Amazon Location's {@code CalculateRouteMatrix} on a route calculator (design:
 * {@code gym-pulse-route-calculator}), destinations in batches of {@link #BATCH}. When the service fails,
 * or cannot route one destination, or the mode has no routing (transit), that answer falls back to the
 * great-circle estimate, flagged {@code estimated}.
 */
public final class LocationRoutes implements RouteSource {

  /** Destinations per request: within the service's matrix limits for every data provider. */
  static final int BATCH = 10;
  private static final Logger LOG = LoggerFactory.getLogger(LocationRoutes.class);

  private final LocationClient client;
  private final String calculator;
  private final EstimatedRoutes fallback = new EstimatedRoutes();

  public LocationRoutes(LocationClient client, String calculator) {
    this.client = client;
    this.calculator = calculator;
  }

  /** The client a Lambda builds once per container; a local endpoint needs the host prefix off. */
  public static LocationClient client(Optional<URI> endpoint, String region) {
    LocationClientBuilder builder = LocationClient.builder().region(Region.of(region))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(uri -> builder.endpointOverride(uri)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
        .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)));
    return builder.build();
  }

  @Override
  public List<Route> travelTimes(Position from, List<BranchSite> to, TravelMode mode) {
    if (mode == TravelMode.TRANSIT) {
      return fallback.travelTimes(from, to, mode); // Amazon Location does not route public transport
    }
    List<Route> routes = new ArrayList<>();
    for (int start = 0; start < to.size(); start += BATCH) {
      List<BranchSite> batch = to.subList(start, Math.min(to.size(), start + BATCH));
      routes.addAll(batch(from, batch, mode));
    }
    return routes;
  }

  private List<Route> batch(Position from, List<BranchSite> batch, TravelMode mode) {
    CalculateRouteMatrixResponse response;
    try {
      response = client.calculateRouteMatrix(b -> b.calculatorName(calculator)
          .departurePositions(List.of(List.of(from.lon(), from.lat())))
          .destinationPositions(batch.stream().map(s -> List.of(s.position().lon(), s.position().lat())).toList())
          .travelMode(mode == TravelMode.CAR ? "Car" : "Walking")
          .distanceUnit(DistanceUnit.KILOMETERS));
    } catch (RuntimeException e) {
      LOG.warn("route matrix failed, estimating instead [calculator: {}, reason: {}]", calculator, e.toString());
      return fallback.travelTimes(from, batch, mode);
    }
    List<RouteMatrixEntry> row = response.routeMatrix().isEmpty() ? List.of() : response.routeMatrix().get(0);
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      RouteMatrixEntry entry = i < row.size() ? row.get(i) : null;
      if (entry == null || entry.error() != null || entry.durationSeconds() == null) {
        routes.addAll(fallback.travelTimes(from, List.of(batch.get(i)), mode));
      } else {
        routes.add(new Route(batch.get(i).gymId(), Math.round(entry.distance() * 100) / 100.0,
            Math.round(entry.durationSeconds() / 60.0 * 10) / 10.0, false));
      }
    }
    return routes;
  }
}
