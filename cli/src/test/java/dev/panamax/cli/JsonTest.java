package dev.panamax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void integersAreWrittenAsIntegersAndFloatsRoundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", 3);
        m.put("l", Long.MIN_VALUE);
        m.put("d", 0.1);
        m.put("big", 1e300);
        m.put("f", 0.1f);
        m.put("shape", new long[] {200000, 5});
        String text = Json.write(m);
        assertEquals("{\"i\": 3, \"l\": -9223372036854775808, \"d\": 0.1, \"big\": 1.0E300, \"f\": 0.1, "
                + "\"shape\": [200000, 5]}", text);
        Map<String, Object> back = MiniJson.object(text);
        assertEquals(Long.MIN_VALUE, back.get("l"));
        assertEquals(1e300, back.get("big"));
        assertEquals(List.of(200000L, 5L), back.get("shape"));
    }

    @Test
    void nonFiniteFloatsAreStrings() {
        String text = Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Float.NaN, Float.NEGATIVE_INFINITY));
        assertEquals("[\"NaN\", \"Infinity\", \"-Infinity\", \"NaN\", \"-Infinity\"]", text);
    }

    @Test
    void stringsAreEscaped() {
        String nasty = "a\"b\\c\nd\te\u0001";
        String text = Json.write(Map.of("k", nasty));
        assertEquals(nasty, MiniJson.object(text).get("k"));
    }

    @Test
    void nullsBooleansAndNestedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", null);
        m.put("ok", true);
        m.put("list", List.of(Map.of("x", 1)));
        assertEquals("{\"out\": null, \"ok\": true, \"list\": [{\"x\": 1}]}", Json.write(m));
    }

    @Test
    void unknownTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
