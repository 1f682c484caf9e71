package dev.streamguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UrlPatternsTest {
    @Test
    void aStarTakesAnyRunIncludingNoneAndTheRestMustMatchToTheEnd() {
        UrlPatterns p = UrlPatterns.parse("*/v1/chat/completions");
        assertTrue(p.matches("https://api.openai.com/v1/chat/completions"));
        assertTrue(p.matches("/v1/chat/completions"));
        assertFalse(p.matches("https://api.openai.com/v1/chat/completions/x"));
        assertFalse(p.matches("https://api.openai.com/v1/chat/completion"));
    }

    @Test
    void aStarGivesBackWhatALaterPartNeeds() {
        UrlPatterns p = UrlPatterns.parse("http://*/v1/*/completions");
        assertTrue(p.matches("http://a/v1/x/v1/y/completions"));
        assertTrue(p.matches("http://a/v1/v1/completions/completions"));
        assertFalse(p.matches("http://a/v1/completions"));
        assertTrue(UrlPatterns.parse("*a*a*a").matches("aaa"));
        assertFalse(UrlPatterns.parse("*a*a*a").matches("aa"));
        assertTrue(UrlPatterns.parse("**x**").matches("x"));
        assertTrue(UrlPatterns.parse("*").matches(""));
    }

    @Test
    void aQuestionMarkIsExactlyOneCharacterASurrogatePairIncluded() {
        UrlPatterns p = UrlPatterns.parse("http://h/v?/x");
        assertTrue(p.matches("http://h/v1/x"));
        assertFalse(p.matches("http://h/v/x"));
        assertFalse(p.matches("http://h/v12/x"));
        assertTrue(p.matches("http://h/v\uD83D\uDE00/x"));
        assertFalse(UrlPatterns.parse("http://h/v??/x").matches("http://h/v\uD83D\uDE00/x"));
        assertTrue(UrlPatterns.parse("*?/x").matches("\uD83D\uDE00/x"));
    }

    @Test
    void everyOtherCharacterIsItselfRegularExpressionSyntaxIncluded() {
        assertFalse(UrlPatterns.parse("http://a.b/*").matches("http://axb/c"));
        assertTrue(UrlPatterns.parse("http://a.b/*").matches("http://a.b/c"));
        assertTrue(UrlPatterns.parse("*/(x)+[y]\\d$").matches("h/(x)+[y]\\d$"));
        assertFalse(UrlPatterns.parse("*/(x)+").matches("h/xx"));
        assertFalse(UrlPatterns.parse("http://H/*").matches("http://h/x"));
    }

    @Test
    void theQueryAndTheFragmentAreLeftOutAndAStarRunsAcrossLineBreaks() {
        UrlPatterns p = UrlPatterns.parse("*/v1/messages");
        assertTrue(p.matches("http://localhost:4000/v1/messages?beta=true"));
        assertTrue(p.matches("http://localhost:4000/v1/messages#top"));
        assertTrue(p.matches("http://localhost:4000/v1/messages#top?x"));
        assertFalse(p.matches("http://localhost:4000/v1/messages/x?y=/v1/messages"));
        assertTrue(p.matches("http://a\nb/v1/messages"));
    }

    @Test
    void anyOfTheGlobsMatchesAndEmptyOnesAreDropped() {
        UrlPatterns p = UrlPatterns.parse(" ; */v1/messages ;https://api.example.com/* ;");
        assertFalse(p.isEmpty());
        assertTrue(p.matches("http://x/v1/messages"));
        assertTrue(p.matches("https://api.example.com/anything"));
        assertFalse(p.matches("https://other.example.com/anything"));
        assertTrue(UrlPatterns.parse(" ; ").isEmpty());
        assertFalse(UrlPatterns.parse("").matches("http://x/"));
        assertEquals("*/a;*/b", UrlPatterns.parse(" */a;*/b ").toString());
    }
}
