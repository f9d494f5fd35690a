package io.mentorship.local.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mentorship.local.LocalRuntime;
import io.mentorship.local.testing.Browser;
import io.mentorship.local.testing.Profiles;
import io.mentorship.local.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console (static files in {@code web/}, served by the local runtime at {@code /}) driven in headless
 * Chromium against the real functions and emulators: what a member or an admin does with it, end to end. Runs on
 * a stack of its own, because an admin here publishes guidelines and changes weights. Screenshots go to
 * {@code local/target/screenshots/}.
 */
class ConsoleBrowserIT {
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = TestStack.own();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void twoMembersMeetSeeWhyTheyFitGetIntroducedAcceptAndEndTheMentorship() throws Exception {
        String mentor = Profiles.uniqueId("rita");
        String mentee = Profiles.uniqueId("mia");
        try (Browser browser = Browser.open()) {
            browser.get(runtime.baseUrl() + "/");
            assertThat(browser.visible(By.id("view-signin")).isDisplayed()).isTrue();

            // A mentor whose name is markup: it must show as text everywhere, never run.
            signIn(browser, mentor, false);
            fillProfile(browser, HOSTILE_NAME, "mentor", "Java, career growth", "50", "en, pt");
            browser.type(By.id("profile-headline"), "Staff engineer");
            browser.click(By.id("profile-save"));
            // The API's refusal is shown with the field it names, and the field is marked invalid.
            waitForStatus(browser, "mentor.capacity");
            assertThat(browser.visible(By.id("profile-mentor-capacity")).getAttribute("aria-invalid"))
                    .isEqualTo("true");
            browser.type(By.id("profile-mentor-capacity"), "2");
            browser.click(By.id("profile-save"));
            waitForStatus(browser, "Profile created");
            assertThat(browser.visible(By.cssSelector("#profile-summary dd[data-field=displayName]")).getText())
                    .isEqualTo(HOSTILE_NAME);
            acknowledge(browser, "mentor");

            signIn(browser, mentee, false);
            fillProfile(browser, "Mia", "mentee", "java", "Lead a service", "en");
            browser.click(By.id("profile-save"));
            waitForStatus(browser, "Profile created");
            acknowledge(browser, "mentee");

            // The suggestion card: the mentor, a score, and the reasons they fit.
            browser.click(By.id("nav-suggestions"));
            By card = By.cssSelector("[data-testid=suggestion-card][data-user-id='" + mentor + "']");
            browser.until(Duration.ofSeconds(60), d -> {
                d.findElement(By.id("suggestions-refresh")).click();
                sleep(700);
                return !d.findElements(card).isEmpty();
            });
            WebElement suggestion = browser.visible(card);
            assertThat(suggestion.findElement(By.cssSelector("[data-testid=suggestion-name]")).getText())
                    .isEqualTo(HOSTILE_NAME);
            assertThat(Integer.parseInt(suggestion.findElement(By.cssSelector("[data-testid=suggestion-score]"))
                    .getAttribute("data-score"))).isBetween(1, 100);
            List<String> reasons = suggestion.findElements(By.cssSelector("[data-testid=commonality]")).stream()
                    .map(e -> e.getAttribute("data-type")).toList();
            assertThat(reasons).contains("TOPICS", "LOCATION", "LANGUAGES");
            assertNothingInjected(browser);
            browser.screenshot("suggestions");

            suggestion.findElement(By.cssSelector("[data-testid=intro-message]"))
                    .sendKeys("Hi! <script>alert(2)</script>");
            suggestion.findElement(By.cssSelector("[data-testid=request-intro]")).click();
            waitForStatus(browser, "Introduction requested");
            browser.click(By.id("nav-inbox"));
            browser.visible(By.cssSelector("[data-testid=outgoing-card][data-status=pending]"));

            // The mentor's inbox: the request with its points in common; accept.
            signIn(browser, mentor, false);
            browser.click(By.id("nav-inbox"));
            WebElement incoming = browser.visible(By.cssSelector("[data-testid=incoming-card]"));
            assertThat(incoming.findElements(By.cssSelector("[data-testid=commonality]"))).isNotEmpty();
            browser.screenshot("inbox");
            browser.click(By.cssSelector("[data-testid=incoming-card] [data-testid=accept]"));
            waitForStatus(browser, "Introduction accepted");

            browser.click(By.id("nav-mentorships"));
            browser.visible(By.cssSelector("[data-testid=mentorship-card][data-status=active]"));
            new Select(browser.visible(By.cssSelector("[data-testid=end-rating]"))).selectByValue("5");
            browser.type(By.cssSelector("[data-testid=end-feedback]"), "Great sessions");
            browser.click(By.cssSelector("[data-testid=end-mentorship]"));
            waitForStatus(browser, "Mentorship ended");
            browser.visible(By.cssSelector("[data-testid=mentorship-card][data-status=ended]"));

            // The token lives in session storage only: never in the URL, never in local storage.
            assertThat(browser.driver().getCurrentUrl()).doesNotContain("token").doesNotContain("eyJ");
            assertThat(browser.script("return window.localStorage.length")).isEqualTo(0L);
            assertThat((String) browser.script("return Object.keys(sessionStorage).map(k => sessionStorage[k])"
                    + ".join(' ')")).contains("eyJ");
            assertNothingInjected(browser);
            browser.click(By.id("signout-button"));
            waitForStatus(browser, "Signed out");
            assertThat(browser.script("return window.sessionStorage.length")).isEqualTo(0L);
        }
    }

    @Test
    void anAdminPublishesGuidelinesAndTheMentorMustAcknowledgeAgain() {
        String mentor = Profiles.uniqueId("gus");
        String admin = Profiles.uniqueId("ada");
        try (Browser browser = Browser.open()) {
            browser.get(runtime.baseUrl() + "/");
            signIn(browser, mentor, false);
            fillProfile(browser, "Gus", "mentor", "Go", "1", "en");
            browser.click(By.id("profile-save"));
            waitForStatus(browser, "Profile created");
            assertThat(browser.driver().findElement(By.id("nav-admin")).isDisplayed()).as("no admin view").isFalse();
            int before = acknowledge(browser, "mentor");

            signIn(browser, admin, true);
            browser.click(By.id("nav-admin"));
            browser.until(d -> !d.findElement(By.id("weight-topics")).getAttribute("value").isEmpty());
            browser.type(By.id("weight-topics"), "40");
            browser.click(By.id("admin-weights-save"));
            waitForStatus(browser, "Weights saved");
            browser.until(d -> !d.findElement(By.id("admin-recompute")).getText().isEmpty());
            new Select(browser.visible(By.id("admin-guidelines-role"))).selectByValue("mentor");
            browser.type(By.id("admin-guidelines-title"), "Mentor guidelines, second edition");
            browser.type(By.id("admin-guidelines-rules"), "Be kind.\nCome prepared.\nKeep what you hear private.");
            browser.click(By.id("admin-guidelines-publish"));
            waitForStatus(browser, "Published");
            browser.screenshot("admin");

            signIn(browser, mentor, false);
            browser.click(By.id("nav-guidelines"));
            By card = By.cssSelector("[data-testid=guidelines-card][data-role=mentor]");
            browser.until(d -> d.findElements(card).stream()
                    .anyMatch(e -> Integer.parseInt(e.getAttribute("data-version")) > before));
            WebElement mentorCard = browser.visible(card);
            assertThat(mentorCard.findElement(By.cssSelector("[data-testid=guidelines-ack-status]")).getText())
                    .contains("needs your acknowledgement");
            assertThat(mentorCard.getText()).contains("Keep what you hear private.");
            assertThat(browser.driver().findElements(By.cssSelector(
                    "[data-testid=acknowledgement-item][data-role=mentor][data-current=true]"))).isEmpty();
            browser.screenshot("guidelines-updated");
            int after = acknowledge(browser, "mentor");
            assertThat(after).isGreaterThan(before);
        }
    }

    @Test
    void theConsoleIsUsableOnAPhoneAndServedUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(runtime.baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").contains("style-src 'self'")
                        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
        try (Browser browser = Browser.open()) {
            browser.phoneSized();
            browser.get(runtime.baseUrl() + "/");
            signIn(browser, Profiles.uniqueId("phil"), false);
            long overflow = (Long) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0L);
            // Every form control has an accessible name.
            Object unlabeled = browser.script("return Array.from(document.querySelectorAll('input,select,textarea,"
                    + "button')).filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') "
                    + "&& !e.textContent.trim()).map(e => e.id || e.outerHTML.slice(0, 60))");
            assertThat((List<?>) unlabeled).isEmpty();
            // The keyboard reaches the controls.
            browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            assertThat(browser.script("return document.activeElement.tagName")).isNotEqualTo("BODY");
            browser.screenshot("phone-profile");
        }
    }

    @Test
    void theDocsRenderEveryOperationOfTheContract() {
        try (Browser browser = Browser.open()) {
            browser.get(runtime.baseUrl() + "/docs");
            browser.until(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector(".opblock")).size() >= 35);
            assertThat(browser.driver().findElement(By.cssSelector(".info .title")).getText())
                    .contains("Mentorship Matching API");
            browser.screenshot("docs");
        }
    }

    private static void signIn(Browser browser, String userId, boolean admin) {
        browser.click(By.id("nav-signin"));
        browser.type(By.id("signin-user"), userId);
        WebElement adminBox = browser.visible(By.id("signin-admin"));
        if (adminBox.isSelected() != admin) {
            adminBox.click();
        }
        browser.click(By.id("signin-button"));
        waitForStatus(browser, "Signed in as " + userId);
        browser.visible(By.id("view-profile"));
    }

    /** A new profile in Porto: a mentor's {@code detail} is the capacity, a mentee's the goal. */
    private static void fillProfile(Browser browser, String name, String role, String topics, String detail,
            String languages) {
        browser.type(By.id("profile-displayName"), name);
        browser.click(By.id("profile-is-" + role));
        browser.type(By.id("profile-" + role + "-topics"), topics);
        browser.type(By.id(role.equals("mentor") ? "profile-mentor-capacity" : "profile-mentee-goal"), detail);
        browser.type(By.id("profile-location-city"), "Porto");
        browser.type(By.id("profile-location-country"), "PT");
        browser.type(By.id("profile-languages"), languages);
    }

    /** Acknowledges the current guidelines of a role; returns the version acknowledged. */
    private static int acknowledge(Browser browser, String role) {
        browser.click(By.id("nav-guidelines"));
        By card = By.cssSelector("[data-testid=guidelines-card][data-role=" + role + "]");
        browser.click(By.cssSelector("[data-testid=guidelines-card][data-role=" + role
                + "] [data-testid=acknowledge]"));
        waitForStatus(browser, "You acknowledged the " + role + " guidelines");
        browser.visible(By.cssSelector("[data-testid=acknowledgement-item][data-role=" + role
                + "][data-current=true]"));
        return Integer.parseInt(browser.visible(card).getAttribute("data-version"));
    }

    private static void waitForStatus(Browser browser, String text) {
        browser.until(d -> statusText(d).contains(text));
    }

    private static String statusText(WebDriver driver) {
        return driver.findElement(By.id("status")).getText();
    }

    private static void assertNothingInjected(Browser browser) {
        assertThat(browser.script("return document.querySelectorAll('img, script:not([src])').length"))
                .as("markup typed by members stays text").isEqualTo(0L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
