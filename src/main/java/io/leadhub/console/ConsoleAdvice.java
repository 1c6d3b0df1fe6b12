package io.leadhub.console;

import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What every console page knows (the signed-in user, the org in the path and its name, the CSRF
 * token), and how the console answers a refusal: the services' own reason, said plainly — on the page
 * the form came from for a POST (or in the page's message area for htmx), as a page for a GET.
 */
@ControllerAdvice(basePackages = "io.leadhub.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAdvice.class);
    private static final Pattern ORG_PATH = Pattern.compile("^/console/orgs/([^/]+)(/.*)?$");
    private final OrgRepository orgs;

    ConsoleAdvice(OrgRepository orgs) {
        this.orgs = orgs;
    }

    @ModelAttribute
    void common(HttpServletRequest req, Model model) {
        model.addAttribute("csrf", ConsoleUser.csrfToken(req));
        if (req.getAttribute(ConsoleGuard.USER) instanceof ConsoleUser user) model.addAttribute("user", user);
        Matcher m = ORG_PATH.matcher(req.getRequestURI());
        if (m.matches() && req.getAttribute(ConsoleGuard.USER) != null) {
            model.addAttribute("org", m.group(1));
            model.addAttribute("orgName", orgs.orgName(m.group(1)).orElse(m.group(1)));
        }
    }

    @ExceptionHandler(ConsoleNotFound.class)
    String notFound(HttpServletRequest req, HttpServletResponse res, Model model) {
        common(req, model);
        model.addAttribute("org", null);
        res.setStatus(404);
        model.addAttribute("title", "Not found");
        model.addAttribute("message", "There is no such page.");
        return "console/message";
    }

    @ExceptionHandler(ConsoleGuard.CsrfRefused.class)
    String csrf(HttpServletRequest req, HttpServletResponse res, Model model) {
        common(req, model);
        res.setStatus(403);
        model.addAttribute("title", "Form expired");
        model.addAttribute("message", "This form is out of date. Go back, reload the page and try again.");
        return "console/message";
    }

    @ExceptionHandler(ApiException.class)
    String refused(
            ApiException e, HttpServletRequest req, HttpServletResponse res, Model model, RedirectAttributes ra) {
        if (req.getHeader("HX-Request") != null) {
            res.setStatus(e.status());
            res.setHeader("HX-Retarget", "#messages");
            res.setHeader("HX-Reswap", "innerHTML");
            model.addAttribute("error", e.getMessage());
            model.addAttribute("problems", e.details());
            return "console/fragments :: messages";
        }
        if ("POST".equals(req.getMethod())) {
            ra.addFlashAttribute("error", e.getMessage());
            ra.addFlashAttribute("problems", e.details());
            return "redirect:" + ConsoleRedirect.back(req, "/console");
        }
        common(req, model);
        res.setStatus(e.status());
        model.addAttribute("title", e.status() == 404 ? "Not found" : "Refused");
        model.addAttribute("message", e.status() == 404 ? "There is no such page." : e.getMessage());
        return "console/message";
    }

    @ExceptionHandler(RuntimeException.class)
    String failed(RuntimeException e, HttpServletRequest req, HttpServletResponse res, Model model) {
        LOG.error("console page failed", e);
        common(req, model);
        res.setStatus(500);
        model.addAttribute("title", "Something went wrong");
        model.addAttribute("message", "The hub could not complete this. The log has the details.");
        return "console/message";
    }
}
