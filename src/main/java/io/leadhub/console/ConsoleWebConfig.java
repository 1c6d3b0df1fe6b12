package io.leadhub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the console's guard on its pages, and the headers every console page carries. */
@Configuration
class ConsoleWebConfig implements WebMvcConfigurer {
    /** Scripts and styles only from the hub itself (htmx from its webjar, the console's own file); no framing. */
    static final String CSP =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; " + "frame-ancestors 'none'";

    private final ConsoleGuard guard;

    ConsoleWebConfig(ConsoleGuard guard) {
        this.guard = guard;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest req, HttpServletResponse res, Object handler) {
                        res.setHeader("Content-Security-Policy", CSP);
                        res.setHeader("X-Content-Type-Options", "nosniff");
                        res.setHeader("Referrer-Policy", "same-origin");
                        res.setHeader("Cache-Control", "no-store");
                        return true;
                    }
                })
                .addPathPatterns("/console", "/console/**");
        registry.addInterceptor(guard)
                .addPathPatterns("/console", "/console/**")
                .excludePathPatterns("/console/assets/**");
    }
}
