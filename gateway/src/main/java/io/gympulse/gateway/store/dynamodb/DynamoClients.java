package io.gympulse.gateway.store.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/** Builds the one DynamoDB client of a gateway: async, on Netty, region and HTTP client set explicitly. */
public final class DynamoClients {

  private DynamoClients() {
  }

  /**
   * @param endpoint a local DynamoDB-protocol server (e.g. dynalite); empty means AWS with the default
   *     credential chain
   */
  public static DynamoDbAsyncClient create(Optional<URI> endpoint, String region) {
    return builder(endpoint, region).build();
  }

  /** The configured builder, for callers that add to it (tests add fault-injecting interceptors). */
  public static DynamoDbAsyncClientBuilder builder(Optional<URI> endpoint, String region) {
    DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
        .region(Region.of(region))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(256)
            .connectionTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(15)));
    endpoint.ifPresentOrElse(
        // a local server accepts any signature; static dummy credentials avoid probing the chain
        uri -> builder.endpointOverride(uri)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
        () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    return builder;
  }
}
