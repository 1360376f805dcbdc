/** The benchmark server of the load harness: echo, broadcast and raw echo on the Duplex starter. */
package dev.duplex.bench;
