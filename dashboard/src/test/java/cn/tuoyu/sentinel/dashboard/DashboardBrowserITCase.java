package cn.tuoyu.sentinel.dashboard;

import static cn.tuoyu.sentinel.dashboard.TestCity.A1;
import static cn.tuoyu.sentinel.dashboard.TestCity.A2;
import static cn.tuoyu.sentinel.dashboard.TestCity.B1;
import static cn.tuoyu.sentinel.dashboard.TestCity.alert;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A district operator in real headless Chromium (Debian {@code chromium} + {@code chromium-driver})
 * against the dashboard on the real Kafka and Elasticsearch: logs in through the form, sees only
 * 天宁区's alerts, sees a new one appear live without reloading while another district's new alert
 * never does, and acknowledges it with a comment.
 */
@ExtendWith(RealInfraExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardBrowserITCase {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final RealInfra infra;

  DashboardBrowserITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  void aDistrictOperatorSeesHerDistrictLiveAndAcknowledges(@TempDir Path dir) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER))
        .as(
            "headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)")
        .isTrue();
    try (TestCity city = new TestCity(infra, dir.resolve("city"), 1)) {
      for (AlertTransition t :
          List.of(
              alert("b-a1", A1, "ROOM_UNATTENDED", AlertStatus.OPEN, 0, 0),
              alert("b-a2", A2, "CAMERA_OFFLINE", AlertStatus.OPEN, 0, 3),
              alert("b-b1", B1, "SMOKE_DETECTED", AlertStatus.OPEN, 0, 4))) {
        city.index(t);
      }
      WebDriver browser = chromium(dir.resolve("profile"));
      try {
        // The list is re-rendered when it is re-read: elements may go stale between two looks.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(city.url());
        wait.until(ExpectedConditions.visibilityOfElementLocated(testId("login-username")))
            .sendKeys("tn");
        browser.findElement(testId("login-password")).sendKeys("tianning-pass");
        browser.findElement(testId("login-submit")).click();

        wait.until(d -> shown(d, "alertId").size() == 2);
        assertThat(shown(browser, "region")).containsOnly("320402");
        assertThat(shown(browser, "alertId")).containsExactlyInAnyOrder("b-a1", "b-a2");
        wait.until(ExpectedConditions.textToBe(testId("live-indicator"), "实时"));

        // A new alert in another district first, then one in 天宁区, on one ordered partition:
        // when the second shows, the first has been passed over.
        city.monitor(alert("live-b1", B1, "CO2_HIGH", AlertStatus.OPEN, 0, 10));
        city.monitor(alert("live-a2", A2, "SMOKE_DETECTED", AlertStatus.OPEN, 0, 11));
        wait.until(d -> shown(d, "alertId").contains("live-a2"));
        assertThat(wait.until(d -> row(d, "live-a2")).getText()).contains("烟雾报警");
        assertThat(shown(browser, "alertId")).containsExactlyInAnyOrder("b-a1", "b-a2", "live-a2");
        assertThat(shown(browser, "region")).containsOnly("320402");

        wait.until(
            d -> {
              row(d, "live-a2").findElement(testId("ack-button")).click();
              return true;
            });
        wait.until(ExpectedConditions.visibilityOfElementLocated(testId("ack-comment")))
            .sendKeys("已电话联系园长，已疏散并检查烟感");
        browser.findElement(testId("ack-submit")).click();
        wait.until(
            d -> {
              WebElement r = row(d, "live-a2");
              return r != null && r.findElement(testId("alert-status")).getText().equals("已确认");
            });
        assertThat(wait.until(d -> row(d, "live-a2")).getText()).contains("tn");
        JsonNode doc = city.es.get(g -> g.index(city.index).id("live-a2"), JsonNode.class).source();
        assertThat(doc.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(doc.path("ackComment").asText()).isEqualTo("已电话联系园长，已疏散并检查烟感");

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(
            shots.resolve("operator-view.png"),
            ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  static WebDriver chromium(Path profile) throws Exception {
    Files.createDirectories(profile);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .build();
    return new ChromeDriver(service, o);
  }

  static By testId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  /** One data attribute of every alert row, read at once in the page (no stale elements). */
  @SuppressWarnings("unchecked")
  static List<String> shown(WebDriver d, String attribute) {
    return (List<String>)
        ((JavascriptExecutor) d)
            .executeScript(
                "return Array.from(document.querySelectorAll(\"[data-testid='alert-row']\"))"
                    + ".map(r => r.dataset[arguments[0]]);",
                attribute);
  }

  static WebElement row(WebDriver d, String alertId) {
    List<WebElement> r = d.findElements(By.cssSelector("tr[data-alert-id='" + alertId + "']"));
    return r.isEmpty() ? null : r.get(0);
  }
}
