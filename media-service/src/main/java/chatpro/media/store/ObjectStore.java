package chatpro.media.store;

import chatpro.common.config.ChatproConfig.S3Config;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The media bucket in MinIO or any S3 server, through the MinIO client; its calls block, so they run on workers. */
public final class ObjectStore {
  /** How S3 names a user metadata header. */
  private static final String USER_METADATA = "x-amz-meta-";
  private final Vertx vertx;
  private final S3Config s3;
  /**
   * Both clients are built on first use, on a worker: building a MinIO client reads the JDK's CA certificates,
   * seconds on a busy machine, which must not happen on the event loop. Multipart uploads (export files) are only
   * public on the async client; its calls are waited for on workers.
   */
  private MinioClient client;
  private MinioAsyncClient multipart;
  private final String bucket;
  private final String region;

  public ObjectStore(Vertx vertx, S3Config s3) {
    this.vertx = vertx;
    this.bucket = s3.bucket();
    this.region = s3.region();
    this.s3 = s3;
  }

  private synchronized MinioClient client() {
    if (client == null) {
      client = MinioClient.builder()
          .endpoint(s3.endpoint())
          .credentials(s3.accessKey(), s3.secretKey())
          .region(s3.region())
          .build();
    }
    return client;
  }

  private synchronized MinioAsyncClient multipart() {
    if (multipart == null) {
      multipart = MinioAsyncClient.builder()
          .endpoint(s3.endpoint())
          .credentials(s3.accessKey(), s3.secretKey())
          .region(s3.region())
          .build();
    }
    return multipart;
  }

  /**
   * Begins a multipart upload of an object of this type, with this user metadata (kept with the object, and gone with
   * it); answers its upload id.
   */
  public Future<String> startMultipart(String key, String type, Map<String, String> metadata) {
    return vertx.executeBlocking(() -> {
      com.google.common.collect.Multimap<String, String> headers = com.google.common.collect.HashMultimap.create();
      headers.put("Content-Type", type);
      metadata.forEach((name, value) -> headers.put(USER_METADATA + name, value));
      return multipart().createMultipartUploadAsync(bucket, region, key, headers, null).get().result().uploadId();
    }, false);
  }

  /** A URL that takes one PUT of this part of the upload until it expires. */
  public Future<String> partUrl(String key, String uploadId, int part, Duration valid) {
    return vertx.executeBlocking(() -> client().getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
        .method(Method.PUT).bucket(bucket).object(key).expiry((int) valid.toSeconds())
        .extraQueryParams(Map.of("uploadId", uploadId, "partNumber", Integer.toString(part)))
        .build()), false);
  }

  /** Joins the uploaded parts (numbers and ETags, in order) into the object. */
  public Future<Void> completeMultipart(String key, String uploadId, List<io.minio.messages.Part> parts) {
    return vertx.executeBlocking(() -> {
      multipart().completeMultipartUploadAsync(bucket, region, key, uploadId,
          parts.toArray(io.minio.messages.Part[]::new), null, null).get();
      return null;
    }, false);
  }

  /** Drops an unfinished upload and the parts it has. */
  public Future<Void> abortMultipart(String key, String uploadId) {
    return vertx.executeBlocking(() -> {
      multipart().abortMultipartUploadAsync(bucket, region, key, uploadId, null, null).get();
      return null;
    }, false);
  }

  /** Creates the bucket if it does not exist. */
  public Future<Void> ensureBucket() {
    return vertx.executeBlocking(() -> {
      if (!client().bucketExists(BucketExistsArgs.builder().bucket(bucket).region(region).build())) {
        client().makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
      }
      return null;
    }, false);
  }

  /** Succeeds when the store answers for the bucket. */
  public Future<Void> check() {
    return vertx.executeBlocking(() -> {
      client().bucketExists(BucketExistsArgs.builder().bucket(bucket).region(region).build());
      return null;
    }, false);
  }

  /** The object's size and user metadata, or a failure if it does not exist. */
  public Future<StoredObject> stat(String key) {
    return vertx.executeBlocking(() -> statBlocking(key), false);
  }

  private StoredObject statBlocking(String key) throws Exception {
    StatObjectResponse stat = client().statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
    Map<String, String> metadata = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    metadata.putAll(stat.userMetadata());
    return new StoredObject(stat.size(), metadata);
  }

  /** What the store says of an object: its size and its user metadata (names without the header prefix). */
  public record StoredObject(long size, Map<String, String> metadata) {}

  /**
   * The object as a read-only seekable channel (ranged GETs; see {@link StoredObjectChannel}), or a failure if it does
   * not exist. Reading the channel blocks: do it on workers.
   */
  public Future<StoredObjectChannel> channel(String key) {
    return vertx.executeBlocking(() -> new StoredObjectChannel(client(), bucket, key, statBlocking(key)), false);
  }

  /** True when the failure says the object does not exist (rather than that the store did not answer). */
  public static boolean missing(Throwable e) {
    return e instanceof ErrorResponseException r && "NoSuchKey".equals(r.errorResponse().code());
  }

  public Future<Void> upload(String key, Path file, String type) {
    return vertx.executeBlocking(() -> {
      client().uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
          .contentType(type).build());
      return null;
    }, false);
  }

  /** Removes the objects; keys that do not exist are not an error. */
  public Future<Void> remove(List<String> keys) {
    return vertx.executeBlocking(() -> {
      for (String key : keys) {
        client().removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
      }
      return null;
    }, false);
  }

  /** Keys under the prefix last modified before the instant (at most {@code limit}). */
  public Future<List<String>> olderThan(String prefix, Instant before, int limit) {
    return vertx.executeBlocking(() -> {
      List<String> keys = new ArrayList<>();
      for (Result<Item> r : client().listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
          .recursive(true).build())) {
        Item item = r.get();
        if (item.lastModified().toInstant().isBefore(before)) {
          keys.add(item.objectName());
          if (keys.size() >= limit) {
            break;
          }
        }
      }
      return keys;
    }, false);
  }
}
