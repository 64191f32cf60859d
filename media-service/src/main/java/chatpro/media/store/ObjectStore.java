package chatpro.media.store;

import chatpro.common.config.ChatproConfig.S3Config;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The media bucket in MinIO or any S3 server, through the MinIO client; its calls block, so they run on workers. */
public final class ObjectStore {
  private final Vertx vertx;
  private final MinioClient client;
  private final String bucket;
  private final String region;

  public ObjectStore(Vertx vertx, S3Config s3) {
    this.vertx = vertx;
    this.bucket = s3.bucket();
    this.region = s3.region();
    this.client = MinioClient.builder()
        .endpoint(s3.endpoint())
        .credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region())
        .build();
  }

  /** Creates the bucket if it does not exist. */
  public Future<Void> ensureBucket() {
    return vertx.executeBlocking(() -> {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).region(region).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
      }
      return null;
    });
  }

  /** Succeeds when the store answers for the bucket. */
  public Future<Void> check() {
    return vertx.executeBlocking(() -> {
      client.bucketExists(BucketExistsArgs.builder().bucket(bucket).region(region).build());
      return null;
    });
  }
}
