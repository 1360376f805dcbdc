/**
 * The {@link dev.duplex.spring.security.TokenVerifier} built on jjwt, the keys it reads (HMAC secrets, PEM public
 * keys) and the Jackson 3 binding jjwt uses for JSON. Only the verifier and the JSON binding need jjwt at run time.
 */
package dev.duplex.spring.security.jjwt;
