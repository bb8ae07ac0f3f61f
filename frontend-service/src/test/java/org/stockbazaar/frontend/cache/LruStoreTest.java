package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LruStoreTest {

    private final List<Object> evicted = new ArrayList<>();

    private LruStore storeOf(int capacity, String... keys) {
        LruStore store = new LruStore(capacity, evicted::add);
        for (String key : keys) {
            store.put(key, "value of " + key);
        }
        return store;
    }

    @Test
    void leastRecentlyUsedEntryIsEvictedNotTheOldestInserted() {
        LruStore store = storeOf(5, "A", "B", "C", "D", "E");

        assertThat(store.get("A")).isEqualTo("value of A");
        store.put("F", "value of F");

        assertThat(store.get("B")).isNull();
        assertThat(store.get("A")).isEqualTo("value of A");
        assertThat(store.get("F")).isEqualTo("value of F");
        assertThat(store.keysInEvictionOrder()).containsExactlyInAnyOrder("A", "C", "D", "E", "F");
    }

    @Test
    void listenerIsToldEachEvictedKeyAndNothingElse() {
        LruStore store = storeOf(5, "A", "B", "C", "D", "E");
        assertThat(evicted).isEmpty();

        store.get("A");
        store.put("F", 6);
        store.put("G", 7);

        assertThat(evicted).containsExactly("B", "C");
    }

    @Test
    void keysAreListedWithTheNextVictimFirst() {
        LruStore store = storeOf(5, "A", "B", "C", "D", "E");
        store.get("C");
        store.get("A");

        assertThat(store.keysInEvictionOrder()).containsExactly("B", "D", "E", "C", "A");

        store.put("F", 6);
        assertThat(evicted).containsExactly("B");
        assertThat(store.keysInEvictionOrder()).containsExactly("D", "E", "C", "A", "F");
    }

    @Test
    void lookingAtTheEntriesDoesNotCountAsUsingThem() {
        LruStore store = storeOf(3, "A", "B", "C");
        store.get("A");

        assertThat(store.entriesInEvictionOrder()).extracting(Map.Entry::getKey)
                .containsExactly("B", "C", "A");
        assertThat(store.entriesInEvictionOrder()).first().extracting(Map.Entry::getValue)
                .isEqualTo("value of B");

        store.put("D", 4);
        assertThat(evicted).as("B stays the next victim after being looked at").containsExactly("B");
    }

    @Test
    void overwritingAKeyCountsAsAUseAndEvictsNothing() {
        LruStore store = storeOf(3, "A", "B", "C");

        store.put("A", "new A");

        assertThat(evicted).isEmpty();
        assertThat(store.get("A")).isEqualTo("new A");
        assertThat(store.keysInEvictionOrder()).containsExactly("B", "C", "A");
    }

    @Test
    void aMissDoesNotChangeTheOrder() {
        LruStore store = storeOf(3, "A", "B", "C");

        assertThat(store.get("Z")).isNull();

        assertThat(store.keysInEvictionOrder()).containsExactly("A", "B", "C");
    }

    @Test
    void capacityOneKeepsOnlyTheLastKey() {
        LruStore store = storeOf(1, "A");
        assertThat(store.get("A")).isEqualTo("value of A");

        store.put("B", "value of B");

        assertThat(store.get("A")).isNull();
        assertThat(store.get("B")).isEqualTo("value of B");
        assertThat(store.keysInEvictionOrder()).containsExactly("B");
        assertThat(evicted).containsExactly("A");
    }

    @Test
    void removedKeyIsGoneWithoutCountingAsAnEviction() {
        LruStore store = storeOf(3, "A", "B", "C");

        store.remove("B");

        assertThat(store.get("B")).isNull();
        assertThat(store.keysInEvictionOrder()).containsExactly("A", "C");
        assertThat(evicted).isEmpty();
    }

    @Test
    void removedKeyFreesItsSlot() {
        LruStore store = storeOf(3, "A", "B", "C");
        store.remove("B");

        store.put("D", "value of D");

        assertThat(evicted).isEmpty();
        assertThat(store.keysInEvictionOrder()).containsExactly("A", "C", "D");
    }

    @Test
    void clearEmptiesTheStoreWithoutEvictionsAndItFillsAgain() {
        LruStore store = storeOf(3, "A", "B", "C");

        store.clear();

        assertThat(store.keysInEvictionOrder()).isEmpty();
        assertThat(store.get("A")).isNull();
        assertThat(evicted).isEmpty();

        store.put("D", 4);
        store.put("E", 5);
        store.put("F", 6);
        assertThat(evicted).isEmpty();
        assertThat(store.keysInEvictionOrder()).containsExactly("D", "E", "F");
    }
}
