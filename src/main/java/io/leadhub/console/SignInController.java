package io.leadhub.console;

import io.leadhub.org.OrgAdmin;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.ApiPrincipal;
import io.leadhub.platform.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Signing in with an API key (an admin key opens its org, an operator key picks one; capture keys
 * cannot sign in), signing out, and the operator's list of orgs (with creating one).
 */
@Controller
class SignInController {
    private final ApiKeyStore keys;
    private final OrgRepository orgs;
    private final OrgAdmin admin;

    SignInController(ApiKeyStore keys, OrgRepository orgs, OrgAdmin admin) {
        this.keys = keys;
        this.orgs = orgs;
        this.admin = admin;
    }

    @GetMapping("/console")
    String home(@RequestAttribute(ConsoleGuard.USER) ConsoleUser user) {
        return user.operator() ? "redirect:/console/orgs" : "redirect:/console/orgs/" + user.orgId() + "/integrations";
    }

    @GetMapping("/console/sign-in")
    String signInPage(HttpServletRequest req) {
        return ConsoleUser.of(req).isPresent() ? "redirect:/console" : "console/sign-in";
    }

    @PostMapping("/console/sign-in")
    String signIn(@RequestParam(defaultValue = "") String key, HttpServletRequest req, RedirectAttributes ra) {
        ApiPrincipal principal = keys.resolve(key.trim()).orElse(null);
        if (principal == null || principal.role() == Role.CAPTURE) {
            ra.addFlashAttribute(
                    "error",
                    principal == null
                            ? "That API key is not known. Use an admin key of your org or an operator key."
                            : "A capture key can only capture leads. Sign in with an admin or operator key.");
            return "redirect:/console/sign-in";
        }
        ConsoleUser.signIn(req, principal);
        return "redirect:/console";
    }

    @PostMapping("/console/sign-out")
    String signOut(HttpServletRequest req, RedirectAttributes ra) {
        ConsoleUser.signOut(req);
        ra.addFlashAttribute("notice", "You are signed out.");
        return "redirect:/console/sign-in";
    }

    @GetMapping("/console/orgs")
    String orgList(@RequestAttribute(ConsoleGuard.USER) ConsoleUser user, Model model) {
        if (!user.operator()) return "redirect:/console/orgs/" + user.orgId() + "/integrations";
        model.addAttribute("orgs", orgs.all());
        return "console/orgs";
    }

    /** Operators: a new org; its first admin and capture keys are shown on this answer only (never stored in clear). */
    @PostMapping("/console/orgs")
    String createOrg(
            @RequestAttribute(ConsoleGuard.USER) ConsoleUser user,
            @RequestParam String id,
            @RequestParam(defaultValue = "") String name,
            Model model) {
        if (!user.operator()) throw new ConsoleNotFound("orgs");
        model.addAttribute("newKeys", admin.createOrg(id.trim(), name.trim()));
        model.addAttribute("notice", "Org '" + id.trim() + "' created. Its keys are shown only now: copy them.");
        model.addAttribute("orgs", orgs.all());
        return "console/orgs";
    }
}
