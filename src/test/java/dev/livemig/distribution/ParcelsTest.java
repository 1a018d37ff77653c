package dev.livemig.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Payloads packed and in parts: back as they were; a packed payload that lies is refused. */
class ParcelsTest {

  @Test
  void packedAndSplitPayloadsComeBackAsTheyWere() {
    Random r = new Random(7);
    for (int size : new int[] {0, 1, 1000, 300_000}) {
      byte[] raw = new byte[size];
      for (int i = 0; i < size; i++) raw[i] = (byte) (i % 97 == 0 ? r.nextInt() : i % 13); // compressible, not trivially
      List<byte[]> parts = Parcels.split(Parcels.pack(raw), 64 * 1024);
      Parcels.Assembly a = new Parcels.Assembly();
      byte[] all = null;
      for (int i = 0; i < parts.size(); i++) {
        assertTrue(parts.get(i).length <= 64 * 1024);
        assertNull(all, "whole before the last part");
        all = a.add(i, parts.size(), parts.get(i));
      }
      assertArrayEquals(raw, Parcels.unpack(all), size + " bytes");
    }
  }

  @Test
  void aPackedPayloadThatLiesIsRefused() {
    byte[] packed = Parcels.pack(new byte[5000]);
    byte[] huge = packed.clone();
    huge[0] = 0x7f; // announces 2 GiB
    assertThrows(IllegalArgumentException.class, () -> Parcels.unpack(huge));
    byte[] longer = packed.clone();
    longer[3] = (byte) (longer[3] - 1); // announces one byte less than it holds
    assertThrows(IllegalArgumentException.class, () -> Parcels.unpack(longer));
    assertThrows(IllegalArgumentException.class, () -> Parcels.unpack(Arrays.copyOf(packed, packed.length - 3)));
    assertThrows(IllegalArgumentException.class, () -> Parcels.unpack(new byte[] {0, 0, 0, 9, 1, 2, 3}));
    assertEquals(5000, Parcels.unpack(packed).length);
  }

  @Test
  void partsOutOfOrderAreABrokenStream() {
    Parcels.Assembly a = new Parcels.Assembly();
    assertThrows(IllegalStateException.class, () -> a.add(1, 2, new byte[1]));
  }
}
