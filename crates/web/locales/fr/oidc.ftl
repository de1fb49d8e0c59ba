# Signing in through ProConnect (OpenID Connect): the login page's link and the refusals.
oidc-login-button = Se connecter avec ProConnect
oidc-login-help = ProConnect est l'identifiant des agents publics : utilisez l'adresse électronique professionnelle de votre compte mutu.
oidc-login-or = ou avec votre mot de passe mutu :
oidc-error-no-account = Aucun compte mutu pour { $email } : demandez à un administrateur de mutu de vous en créer un avec cette adresse.
oidc-error-expired = La connexion par ProConnect a expiré ou a déjà servi : recommencez depuis cette page.
oidc-error-state = La connexion par ProConnect n'a pas pu être vérifiée (elle ne vient pas de ce navigateur) : recommencez depuis cette page.
oidc-error-provider = ProConnect n'a pas autorisé la connexion (annulée, ou refusée par votre fournisseur d'identité) : recommencez si besoin.
oidc-error-token = L'identité transmise par ProConnect a été refusée par les vérifications de sécurité : rien n'a été ouvert. Recommencez ; si le problème persiste, prévenez l'administrateur de mutu.
oidc-error-code = ProConnect n'a pas confirmé la connexion (code expiré ou déjà utilisé) : recommencez depuis cette page.
oidc-error-claims = ProConnect n'a pas transmis les informations nécessaires (adresse électronique) : rien n'a été ouvert.
oidc-error-other = La connexion par ProConnect a échoué : recommencez plus tard, ou connectez-vous avec votre mot de passe.
oidc-error-logout = Le retour de la déconnexion ProConnect n'a pas pu être vérifié. Votre session mutu est bien fermée.
oidc-password-off = La connexion par mot de passe est désactivée sur ce serveur : connectez-vous avec ProConnect.
