/** Auto-configuration of Duplex and its {@code duplex.*} properties. */
package dev.duplex.spring.autoconfigure;
