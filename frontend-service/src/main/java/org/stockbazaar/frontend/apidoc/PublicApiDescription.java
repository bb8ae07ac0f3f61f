package org.stockbazaar.frontend.apidoc;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public API's description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui/index.html}): springdoc
 * describes the operations and their success bodies from the controllers; the errors each operation answers are
 * listed here, in one table, because they come from the one error model (ApiErrorAdvice, the servlet container)
 * rather than from the controllers' signatures. PublicApiDescriptionTest provokes every status listed here and checks
 * docs/api.md lists the same ones.
 */
@Configuration(proxyBeanMethods = false)
class PublicApiDescription {

    static final String ERROR_SCHEMA = "ApiError";

    /** An error an operation answers: its status and a message it really sends for it. */
    record Failure(int status, String when, String message) {
    }

    private static final Failure HEADERS_TOO_LARGE = new Failure(431, "headers over 8 KB, or more than 100 headers",
            "request headers too large: at most 8 KB and 100 headers");
    private static final Failure INTERNAL = new Failure(500,
            "a fault behind the front end (a misconfigured or broken service), never the client's",
            "internal error");

    /** By "METHOD path" as the description names the operation. */
    static final Map<String, List<Failure>> FAILURES = Map.of(
            "GET /stocks/{name}", List.of(
                    new Failure(400, "name not 1-64 of A-Z a-z 0-9 . _ -, or a malformed URL",
                            "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'"),
                    new Failure(404, "unknown stock", "stock not found"),
                    new Failure(414, "request line over 8 KB (a very long name)",
                            "request line too long: a URL has at most 8 KB"),
                    HEADERS_TOO_LARGE,
                    INTERNAL,
                    new Failure(503, "catalog down after 2 retries", "catalog service unavailable")),
            "POST /orders", List.of(
                    new Failure(400, "not a JSON object with exactly name, quantity and type, a field invalid, or a bad"
                            + " Idempotency-Key", "quantity must be an integer from 1 to 1000000"),
                    new Failure(404, "unknown stock (the leader's answer)", "stock not found"),
                    new Failure(409, "not enough stock to buy, or the Idempotency-Key already used for another order",
                            "not enough stock: only 3 left"),
                    new Failure(413, "body over 4096 bytes (declared or chunked)",
                            "request body too large: an order has at most 4096 bytes"),
                    new Failure(415, "content type not application/json",
                            "content type not supported: send application/json"),
                    HEADERS_TOO_LARGE,
                    INTERNAL,
                    new Failure(503, "no leader found within the order deadline (10 s), or the replicas' leader does"
                            + " not answer this front end (\"the order leader (replica 3) does not answer this front"
                            + " end\": send it to another front end): the order reached no replica and did not happen",
                            "no order replica available"),
                    new Failure(504, "the order reached a leader that gave no definitive answer within the order"
                            + " deadline (10 s): it may have happened or may still happen. Send it again with the"
                            + " Idempotency-Key this answer names (also in its Idempotency-Key header): the repeat"
                            + " trades at most once and answers the transaction number",
                            "trade outcome unknown: it may still complete; send the same order again with header"
                            + " Idempotency-Key: client-7:42 to learn its transaction number (it trades at most"
                            + " once)")),
            "GET /orders/{number}", List.of(
                    new Failure(400, "number not a non-negative integer below 2^63",
                            "order number must be a non-negative integer"),
                    new Failure(404, "no such order", "order not found"),
                    new Failure(414, "request line over 8 KB", "request line too long: a URL has at most 8 KB"),
                    HEADERS_TOO_LARGE,
                    INTERNAL,
                    new Failure(503, "no leader within the order deadline (10 s)", "no order replica available")));

    /**
     * The answers of {@code POST /orders} that carry the order's {@code Idempotency-Key} (every answer to an order
     * that passed the front end's own checks; these are the ones described).
     */
    static final List<String> KEYED_ORDER_ANSWERS = List.of("200", "404", "409", "500", "503", "504");

    @Bean
    OpenApiCustomizer publicApiErrors() {
        return openApi -> {
            openApi.info(new Info().title("Stock Bazaar").version("1").description("""
                    Stock lookups and trades. Every success is `{"data":{...}}`; every error is \
                    `{"error":{"code":N,"message":"..."}}` with HTTP status N. A method other than the ones \
                    described gets 405 and an unknown path 404, in the same error model. See docs/api.md."""));
            if (openApi.getComponents() == null) {
                openApi.components(new Components());
            }
            openApi.getComponents().addSchemas(ERROR_SCHEMA, errorSchema());
            // every success has its data: {"data":{...}}
            openApi.getComponents().getSchemas().forEach((name, schema) -> {
                if (name.startsWith("ApiData")) {
                    schema.setRequired(List.of("data"));
                }
            });
            FAILURES.forEach((operation, failures) -> {
                Operation described = operation(openApi, operation);
                for (Failure failure : failures) {
                    described.getResponses().addApiResponse(String.valueOf(failure.status()), response(failure));
                }
            });
            Header key = new Header().description("The order's key: the client's own Idempotency-Key, or the one the"
                    + " front end made for it. Sending the same order again with it trades at most once")
                    .schema(new StringSchema().example("client-7:42"));
            ApiResponses orders = operation(openApi, "POST /orders").getResponses();
            KEYED_ORDER_ANSWERS.forEach(status -> orders.get(status).addHeaderObject("Idempotency-Key", key));
            operation(openApi, "GET /stocks/{name}").getResponses().get("200").addHeaderObject("X-Cache",
                    new Header().description("hit: the front end's cache answered; miss: the catalog did (every"
                            + " lookup with the cache off). Errors carry none")
                            .schema(new StringSchema()._enum(List.of("hit", "miss")).example("hit")));
        };
    }

    private static Operation operation(OpenAPI openApi, String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(methodAndPath[1]);
        Operation described = path == null ? null
                : path.readOperationsMap().get(PathItem.HttpMethod.valueOf(methodAndPath[0]));
        if (described == null) {
            throw new IllegalStateException("no operation " + operation + " to describe the errors of");
        }
        return described;
    }

    private static ApiResponse response(Failure failure) {
        Example example = new Example().value(Map.of("error", Map.of("code", failure.status(), "message",
                failure.message())));
        MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))
                .example(example.getValue());
        return new ApiResponse().description(failure.when()).content(new Content().addMediaType("application/json",
                json));
    }

    private static Schema<?> errorSchema() {
        Schema<?> body = new ObjectSchema()
                .addProperty("code", new IntegerSchema().description("the HTTP status, always").example(404))
                .addProperty("message", new StringSchema().example("stock not found"))
                .required(List.of("code", "message"));
        return new ObjectSchema().description("The one error model of the API; the HTTP status equals error.code.")
                .addProperty("error", body).required(List.of("error"));
    }
}
