/**
 * Rate and connection limits: token buckets (Bucket4j) per session, user and client IP as a
 * {@link dev.duplex.spring.filter.WsFilter}, inbound bandwidth by pausing reads, and connection caps and handshake
 * rates as handshake interceptors.
 */
package dev.duplex.spring.ratelimit;
