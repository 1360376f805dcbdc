/**
 * Jazzer fuzz targets for the sans-IO core: the handshake parser, the frame decoder in both roles and with
 * permessage-deflate, and an encoder to decoder round trip with and without compression.
 *
 * <p>Without {@code JAZZER_FUZZ} each target runs as a regression test over its corpus in
 * {@code src/test/resources/dev/duplex/engine/fuzz/<Class>Inputs/<method>/}, which is how {@code ./mvnw verify} runs
 * them. To fuzz one target for real (its {@code maxDuration}, overridable with {@code JAZZER_MAX_DURATION}):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -q -f engine/pom.xml test -Dtest=FrameDecoderFuzzTest#decodeArbitraryBytes
 * </pre>
 *
 * The generated corpus lands in the git-ignored {@code engine/.cifuzz-corpus}; a crashing input is written next to
 * the regression corpus and belongs there only if it shows a bug, renamed {@code bug_<what it shows>}. The other
 * inputs are hand-made seeds, one per rule or case, named after what they hold.
 */
package dev.duplex.engine.fuzz;
