package org.stockbazaar.support;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/frames}: the port this service takes frames on, {@code {"data":{"port":9123}}}, 0 if none
 * (docs/internal-frames.md). Behind the internal secret, as every {@code /internal/**} endpoint.
 */
@RestController
class FrameController {

    static final String PATH = "/internal/frames";

    private final FrameServer frames;

    FrameController(FrameServer frames) {
        this.frames = frames;
    }

    @GetMapping(PATH)
    ApiData<FramePort> frames() {
        return ApiData.of(new FramePort(frames.port()));
    }

    record FramePort(int port) {
    }
}
