package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The cluster page (docs/cluster-page.md) in a real browser, Debian's headless chromium driven through its
 * chromedriver: it names the leader, names a new one after the leader's crash, and shows a trade made through the
 * API with the quantity it changed. Skipped, saying so, where chromium or chromedriver is missing, unless
 * {@code BAZAAR_REQUIRE_BROWSER=true} (CI), which makes that a failure. Saves a screenshot,
 * {@code target/system-runs/cluster-page.png}.
 */
class ClusterPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String NO_BROWSER = "No " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install -y chromium "
            + "chromium-driver): the cluster page test is skipped (CI runs it)";
    /** The page polls every 500 ms; a change it has to show gets a few polls, plus chromium's share of two cores. */
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(5);
    private static final String STOCK = "GameStart";

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);
    private WebDriver browser;

    static boolean browserAvailable() {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!available && "true".equals(System.getenv("BAZAAR_REQUIRE_BROWSER"))) {
            Assertions.fail("BAZAAR_REQUIRE_BROWSER=true but " + NO_BROWSER);
        }
        if (!available) {
            System.err.println("WARNING: " + NO_BROWSER);
        }
        return available;
    }

    @BeforeEach
    void openThePage() {
        Assumptions.assumeTrue(browserAvailable(), NO_BROWSER);
        // the front end chooses a leader at its first order, not before; and a few lookups fill the cache
        assertThat(trade(STOCK, "sell", 1)).isEqualTo(200);
        for (String stock : List.of("NVDA", "AMZN", STOCK, "META", "AMZN")) {
            assertThat(api.get(stack.frontend.url().resolve("/stocks/" + stock)).status()).isEqualTo(200);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1100");
        // the driver named outright: Selenium Manager, which would download one, is never asked
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        browser.get(stack.frontend.url().resolve("/cluster").toString());
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pageShowsTheLeaderANewLeaderAfterItsCrashAndEachTradeWithTheQuantityItChanged() throws Exception {
        int leader = await("the page names a leader").atMost(SHOWN_WITHIN).ignoreExceptions()
                .until(this::leaderShown, id -> id > 0);
        assertThat(leader).as("the leader the replicas report").isEqualTo(replicas.leader());

        long before = await("the page shows " + STOCK + "'s quantity").atMost(SHOWN_WITHIN).ignoreExceptions()
                .until(() -> quantityShown(STOCK), q -> q >= 0);
        Api.Reply sold = api.post(stack.frontend.url().resolve("/orders"),
                Map.of("name", STOCK, "type", "sell", "quantity", 3));
        assertThat(sold.status()).isEqualTo(200);
        long number = sold.data().get("transaction_number").asLong();
        await("the trade among the page's last trades").atMost(SHOWN_WITHIN).ignoreExceptions()
                .until(() -> tradeShown(number).equals(List.of(String.valueOf(number), STOCK, "sell", "3")));
        await("the page shows the quantity the trade changed").atMost(SHOWN_WITHIN).ignoreExceptions()
                .until(() -> quantityShown(STOCK) == before + 3);

        // SIGKILL by PID (ServiceProcess.kill9), the signal scripts/simulate_crashes.sh sends: the script itself
        // addresses the stack of scripts/run-local.sh (its run folder's PID files, ports from ORDER_PORT_BASE, and
        // it restarts the replica with run-local's launcher), not this one on free ports
        stack.replica(leader).kill9();
        try {
            await("the page shows replica " + leader + " down").atMost(SHOWN_WITHIN).ignoreExceptions()
                    .until(() -> replicaStateShown(leader).equals("down"));
            // the front end elects a new leader when a trade finds the old one gone; the page only watches
            assertThat(trade("NVDA", "sell", 1)).isEqualTo(200);
            int next = await("the page names another leader").atMost(SHOWN_WITHIN).ignoreExceptions()
                    .until(this::leaderShown, id -> id > 0 && id != leader);
            assertThat(next).as("the leader the replicas report").isEqualTo(replicas.leader());
            screenshot();
        } finally {
            stack.replica(leader).start();
        }
        replicas.awaitIdenticalLogs();
    }

    private int leaderShown() {
        String id = browser.findElement(By.id("leader")).getDomAttribute("data-leader");
        return id == null || id.isEmpty() ? 0 : Integer.parseInt(id);
    }

    private long quantityShown(String stock) {
        return Long.parseLong(browser.findElement(By.cssSelector("#stocks td[data-quantity='" + stock + "']"))
                .getText().trim());
    }

    private List<String> tradeShown(long number) {
        return browser.findElements(By.cssSelector("#trades tr[data-number='" + number + "'] td")).stream()
                .map(cell -> cell.getText().trim()).toList();
    }

    private String replicaStateShown(int id) {
        return browser.findElement(By.cssSelector("#replicas tr[data-replica='" + id + "'] td:nth-child(2)"))
                .getText().trim();
    }

    private void screenshot() throws IOException {
        Path file = Path.of(System.getProperty("bazaar.workdir", "target/system-runs")).resolve("cluster-page.png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("Cluster page screenshot: " + file.toAbsolutePath());
    }

    private int trade(String stock, String type, int quantity) {
        return api.post(stack.frontend.url().resolve("/orders"), Map.of("name", stock, "type", type,
                "quantity", quantity)).status();
    }
}
