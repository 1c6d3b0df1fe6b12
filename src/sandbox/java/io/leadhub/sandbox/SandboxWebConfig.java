package io.leadhub.sandbox;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the simulator interceptor in front of everything under {@code /sandbox/}. */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
public class SandboxWebConfig implements WebMvcConfigurer {

    private final SimulatorInterceptor interceptor;

    public SandboxWebConfig(SimulatorInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/sandbox/**");
    }
}
