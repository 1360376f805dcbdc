/**
 * Limits that hold across nodes on Redis: user and IP token buckets through Bucket4j's Lettuce integration, and
 * connection counts in sorted sets whose entries nodes renew while their connections live.
 */
package dev.duplex.spring.ratelimit.redis;
