package org.stockbazaar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch is answered item by item, in order: refusals in their place, the rest answered together. */
class ItemResultTest {

    private final List<List<Integer>> applied = new ArrayList<>();

    private List<ItemResult<String>> answer(List<String> items) {
        return ItemResult.answerEach(items, item -> {
            if (item.startsWith("bad")) {
                throw ApiException.badRequest(item + " is malformed");
            }
            return Integer.parseInt(item);
        }, numbers -> {
            applied.add(numbers);
            return numbers.stream().map(n -> ItemResult.of("#" + n)).toList();
        });
    }

    @Test
    void refusedItemsAreAnsweredInTheirPlaceAndTheOthersGoTogetherInOrder() {
        List<ItemResult<String>> results = answer(List.of("1", "bad-a", "2", "3", "bad-b"));

        assertThat(applied).containsExactly(List.of(1, 2, 3));
        assertThat(results).extracting(ItemResult::data).containsExactly("#1", null, "#2", "#3", null);
        assertThat(results.get(1).error()).isEqualTo(new ApiError.Body(400, "bad-a is malformed"));
        assertThat(results.get(4).failed()).isTrue();
    }

    @Test
    void aBatchWithNothingAcceptedAppliesNothing() {
        List<ItemResult<String>> results = answer(List.of("bad-a", "bad-b"));

        assertThat(applied).isEmpty();
        assertThat(results).allMatch(ItemResult::failed);
    }
}
