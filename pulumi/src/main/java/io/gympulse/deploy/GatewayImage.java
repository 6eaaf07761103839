package io.gympulse.deploy;

import com.pulumi.aws.ecr.EcrFunctions;
import com.pulumi.aws.ecr.LifecyclePolicy;
import com.pulumi.aws.ecr.LifecyclePolicyArgs;
import com.pulumi.aws.ecr.Repository;
import com.pulumi.aws.ecr.RepositoryArgs;
import com.pulumi.aws.ecr.inputs.GetAuthorizationTokenArgs;
import com.pulumi.aws.ecr.inputs.RepositoryImageScanningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.docker.Image;
import com.pulumi.docker.ImageArgs;
import com.pulumi.docker.inputs.DockerBuildArgs;
import com.pulumi.docker.inputs.RegistryArgs;
import java.util.List;
import java.util.Map;

/**
 * The gateway's image: an ECR repository (scanned on push, the last 10 images kept) and the image built from
 * {@code gateway/Dockerfile} with the shaded jar ({@code mvn package} first) and pushed there. Building needs a
 * Docker daemon where `pulumi up` runs.
 */
public final class GatewayImage {

  private final Image image;
  private final Repository repository;

  public GatewayImage(Naming naming) {
    repository = new Repository(naming.name("gateway"), RepositoryArgs.builder().name(naming.name("gateway"))
        .imageScanningConfiguration(RepositoryImageScanningConfigurationArgs.builder().scanOnPush(true).build())
        .imageTagMutability("MUTABLE").forceDelete(naming.env().equals("dev")).tags(naming.tags()).build());
    new LifecyclePolicy(naming.name("gateway-lifecycle"), LifecyclePolicyArgs.builder().repository(repository.name())
        .policy(Policies.JSON.toJson(Map.of("rules", List.of(Map.of("rulePriority", 1,
            "description", "keep the last 10 images",
            "selection", Map.of("tagStatus", "any", "countType", "imageCountMoreThan", "countNumber", 10),
            "action", Map.of("type", "expire"))))))
        .build());
    var login = EcrFunctions.getAuthorizationToken(GetAuthorizationTokenArgs.builder()
        .registryId(repository.registryId()).build());
    image = new Image(naming.name("gateway-image"), ImageArgs.builder()
        .imageName(repository.repositoryUrl().applyValue(url -> url + ":latest"))
        .build(DockerBuildArgs.builder().context("../gateway").dockerfile("../gateway/Dockerfile")
            .platform("linux/amd64").build())
        .registry(RegistryArgs.builder().server(repository.repositoryUrl())
            .username(login.applyValue(token -> token.userName()))
            .password(login.applyValue(token -> token.password()).asSecret()).build())
        .build());
  }

  /** The pushed image by digest, so every new build rolls the service. */
  public Output<String> reference() {
    return image.repoDigest();
  }

  public Output<String> repositoryArn() {
    return repository.arn();
  }
}
