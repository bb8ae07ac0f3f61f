package org.stockbazaar.frontend.cache;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTinyLfuTest {
    void run(String name, String ops) {
        for (CachePolicy p : CachePolicy.values()) {
            List<Object> ev = new ArrayList<>();
            CacheStore s = p.newStore(5, ev::add);
            StringBuilder trace = new StringBuilder();
            for (String op : ops.split(" ")) {
                String k = op.substring(1);
                if (op.charAt(0) == '+') s.put(k, k); else s.get(k);
            }
            System.out.println(name + " " + p + " keys " + s.keysInEvictionOrder() + " evicted " + ev);
        }
    }
    @Test
    void explore() {
        run("hotA", "+A +B +C +D +E ?A ?A ?A ?B ?C ?D ?E +F");
        run("hotA2", "+A +B +C +D +E ?A ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E +F");
        run("hotA-FG", "+A +B +C +D +E ?A ?A ?A ?B ?C ?D ?E +F +G");
        run("r2-FG", "+A +B +C +D +E ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E +F +G");
        run("r3-FG", "+A +B +C +D +E ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E +F +G");
        run("scan", "+A +B +C +D +E ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E +F +G +H +I +J");
        run("brief-r2", "+A +B +C +D +E ?B ?C ?D ?E ?A ?B ?C ?D ?E ?A ?B ?C ?D ?E +F");
    }
}
