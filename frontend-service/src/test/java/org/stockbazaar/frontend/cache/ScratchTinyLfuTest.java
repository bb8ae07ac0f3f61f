package org.stockbazaar.frontend.cache;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTinyLfuTest {
    @Test
    void explore() {
        for (int rounds = 1; rounds <= 4; rounds++) {
            for (CachePolicy p : CachePolicy.values()) {
                List<Object> ev = new ArrayList<>();
                CacheStore s = p.newStore(5, ev::add);
                for (String k : List.of("A", "B", "C", "D", "E")) s.put(k, k);
                for (int r = 0; r < rounds; r++) for (String k : List.of("A", "B", "C", "D", "E")) s.get(k);
                System.out.println("rounds=" + rounds + " " + p + " before F: " + s.keysInEvictionOrder());
                s.put("F", "F");
                System.out.println("rounds=" + rounds + " " + p + " after F: " + s.keysInEvictionOrder() + " evicted " + ev + " A=" + s.get("A") + " F=" + s.get("F"));
            }
        }
    }
}
