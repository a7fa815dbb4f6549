package dev.lakewire.local.cloud;

/**
 * What a {@link LocalCloud} has served since it started.
 *
 * @param armReads ARM GET requests (whatever their answer)
 * @param armWrites ARM PUT, PATCH, POST and DELETE requests (whatever their answer)
 * @param throttled 429 answers, from the token buckets and from throttle storms
 * @param databricks Databricks requests
 * @param tokens requests to the managed identity token endpoint (whatever their answer) while this
 *     cloud was open
 * @param faultsInjected injected 5xx answers, connection resets and throttle-storm 429s
 */
public record RequestStats(
    long armReads,
    long armWrites,
    long throttled,
    long databricks,
    long tokens,
    long faultsInjected) {}
