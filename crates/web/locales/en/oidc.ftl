# Signing in through ProConnect (OpenID Connect): the login page's link and the refusals.
oidc-login-button = Log in with ProConnect
oidc-login-help = ProConnect is the public agents' login: use the professional email address of your mutu account.
oidc-login-or = or with your mutu password:
oidc-error-no-account = No mutu account for { $email }: ask a mutu administrator to create one with this address.
oidc-error-expired = The ProConnect login expired or was already used: start again from this page.
oidc-error-state = The ProConnect login could not be verified (it does not come from this browser): start again from this page.
oidc-error-provider = ProConnect did not authorise the login (cancelled, or refused by your identity provider): start again if needed.
oidc-error-token = The identity sent by ProConnect failed the security checks: nothing was opened. Try again; if it persists, tell the mutu administrator.
oidc-error-code = ProConnect did not confirm the login (code expired or already used): start again from this page.
oidc-error-claims = ProConnect did not send the information needed (email address): nothing was opened.
oidc-error-other = The ProConnect login failed: try again later, or log in with your password.
oidc-error-logout = The return from the ProConnect logout could not be verified. Your mutu session is closed.
oidc-password-off = Logging in with a password is switched off on this server: log in with ProConnect.
