package dev.duplex.spring.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTests {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "10.0.0.0/8,        10.255.3.4,   true",
      "10.0.0.0/8,        11.0.0.1,     false",
      "192.168.1.0/25,    192.168.1.127, true",
      "192.168.1.0/25,    192.168.1.128, false",
      "127.0.0.1,         127.0.0.1,    true",
      "127.0.0.1,         127.0.0.2,    false",
      "0.0.0.0/0,         203.0.113.9,  true",
      "fd00::/8,          fd12:3456::1, true",
      "fd00::/8,          fe80::1,      false",
      "::1,               ::1,          true",
      "2001:db8::/33,     2001:db8:7fff::1, true",
      "2001:db8::/33,     2001:db8:8000::1, false",
      "10.0.0.0/8,        ::ffff:10.1.2.3, true",
      "10.0.0.0/8,        fd00::1,      false"})
  void aBlockContainsTheAddressesItsPrefixCovers(String block, String address, boolean contained) throws Exception {
    assertThat(TrustedProxies.of(List.of(block)).contains(InetAddress.getByName(address))).isEqualTo(contained);
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.internal", "localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "256.1.1.1",
      "10.0.0", "", "1.2.3.4/-1"})
  void anythingButAnAddressLiteralOrBlockIsRefusedWithoutALookup(String entry) {
    assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of(entry)))
        .withMessageContaining("'" + entry + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3"})
  void noneTrustsNoOne(String address) throws Exception {
    assertThat(TrustedProxies.NONE.contains(InetAddress.getByName(address))).isFalse();
    assertThat(TrustedProxies.NONE.isEmpty()).isTrue();
  }
}
