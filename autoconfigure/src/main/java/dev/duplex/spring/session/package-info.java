/** Sessions as the Spring layer sees them: users, rooms and the registry that indexes them. */
package dev.duplex.spring.session;
