package io.leadhub.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /hawtio}: the operators' Hawtio console, which Spring Boot serves below the actuator. */
@Controller
class HawtioRedirect {
    private final String target;

    HawtioRedirect(@Value("${management.endpoints.web.base-path:/actuator}") String base) {
        this.target = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/hawtio/";
    }

    @GetMapping({"/hawtio", "/hawtio/"})
    String hawtio() {
        return "redirect:" + target;
    }
}
