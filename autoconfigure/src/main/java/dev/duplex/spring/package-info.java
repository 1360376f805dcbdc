/**
 * Spring Boot integration of the Duplex engine: auto-configuration, properties and annotation dispatch.
 */
package dev.duplex.spring;
