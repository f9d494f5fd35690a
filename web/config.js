// Deployment settings for the web console. Loaded with <script src>, before app.js.
// apiBaseUrl: '' means the API is on the same origin as this page (the local runtime on http://127.0.0.1:3000).
// cognitoDomain: the Cognito Hosted UI domain (e.g. 'mentorship.auth.eu-west-1.amazoncognito.com'); '' hides the link.
// clientId: the Cognito app client allowed the implicit grant (response_type=token), with this page as a callback URL.
// Optional extra keys: redirectUri (default: this page's origin + path) and scope (default: 'openid').
window.MENTORSHIP_CONFIG = {
    apiBaseUrl: '',
    cognitoDomain: '',
    clientId: ''
};
