/*
 * Mentorship console: a static, framework-free client of the mentorship API.
 *
 * Runs under `default-src 'self'; script-src 'self'; style-src 'self'`: no inline script, style or handler, no
 * eval, and no HTML parsing of data. Every element is built with document.createElement and every text that came
 * from the API or a member is set with textContent, so `<img src=x onerror=alert(1)>` renders as literal text.
 * The token lives in sessionStorage only (never in the URL, never in localStorage).
 *
 * Stable hooks for browser tests
 * ------------------------------
 * Global:      #status (aria-live; data-kind=info|ok|error, data-code, data-field), #whoami, #signout-button,
 *              #nav-signin #nav-profile #nav-guidelines #nav-suggestions #nav-inbox #nav-mentorships #nav-safety
 *              #nav-admin (active one has aria-current=page), sections #view-signin #view-profile #view-guidelines
 *              #view-suggestions #view-inbox #view-mentorships #view-safety #view-admin (hidden when inactive).
 *              Empty lists hold one [data-testid=empty] item.
 * Sign in:     #signin-form #signin-user #signin-admin #signin-button; #token-form #token-input #token-button;
 *              #hosted-ui #hosted-ui-link (only when config.cognitoDomain and config.clientId are set).
 * Profile:     #profile-state, #profile-form, #profile-displayName #profile-headline,
 *              #profile-is-mentee #profile-mentee-topics #profile-mentee-goal,
 *              #profile-is-mentor #profile-mentor-topics #profile-mentor-capacity #profile-mentor-accepting,
 *              #profile-profession-{title,industry,field,employer,yearsExperience},
 *              #profile-education-list > [data-testid=education-row] with #profile-education-{i}-{school,degree,field,
 *              startYear,endYear} and [data-testid=education-remove]; #profile-education-add,
 *              #profile-location-{city,region,country,lat,lon}, #profile-interests #profile-languages,
 *              #profile-preferences-remoteOk #profile-preferences-outsideMyCircle,
 *              #profile-visibility-{friends,education,location,profession}, #profile-save #profile-reload,
 *              #profile-summary (dd[data-field=...]), #friends-form #friends-ids #friends-save #friends-result.
 *              A field the API rejects gets aria-invalid=true.
 * Guidelines:  #guidelines-refresh, #guidelines-list > [data-testid=guidelines-card][data-role][data-version] with
 *              [data-testid=guidelines-title] [data-testid=guidelines-version] [data-testid=guidelines-rule]
 *              [data-testid=guidelines-ack-status] [data-testid=acknowledge];
 *              #acknowledgements-list > [data-testid=acknowledgement-item][data-role][data-version][data-current].
 * Suggestions: #suggestions-form #suggestions-as #suggestions-limit #suggestions-refresh,
 *              #suggestions-reason (data-code), #suggestions-list > [data-testid=suggestion-card][data-user-id] with
 *              [data-testid=suggestion-name] [data-testid=suggestion-headline] [data-testid=suggestion-score]
 *              (data-score) [data-testid=suggestion-topics] [data-testid=commonality][data-type]
 *              [data-testid=intro-message] [data-testid=request-intro].
 * Inbox:       #inbox-refresh; #incoming-list > [data-testid=incoming-card][data-introduction-id][data-user-id] with
 *              [data-testid=counterpart-name] [data-testid=commonality] [data-testid=decline-reason]
 *              [data-testid=accept] [data-testid=decline];
 *              #outgoing-list > [data-testid=outgoing-card][data-introduction-id][data-user-id][data-status] with
 *              [data-testid=withdraw] (pending only); #notifications-list > [data-testid=inbox-item][data-type]
 *              [data-introduction-id].
 * Mentorships: #mentorships-refresh, #mentorships-list > [data-testid=mentorship-card][data-mentorship-id]
 *              [data-user-id][data-status] with [data-testid=end-rating] [data-testid=end-feedback]
 *              [data-testid=end-mentorship] (active only).
 * Safety:      #block-form #block-user #block-button, #blocks-refresh, #blocks-list > [data-testid=block-item]
 *              [data-user-id] with [data-testid=unblock]; #report-form #report-user #report-reason #report-button.
 * Admin:       #admin-guidelines-form #admin-guidelines-role #admin-guidelines-current #admin-guidelines-title
 *              #admin-guidelines-rules #admin-guidelines-load #admin-guidelines-publish;
 *              #admin-weights-form #weight-{topics,friends,interests,profession,education,location,languages,
 *              experience} #admin-weights-load #admin-weights-save; #admin-recompute #admin-recompute-progress
 *              #admin-recompute-refresh; #admin-stats > dd[data-testid=stat][data-key] #admin-stats-refresh.
 */
'use strict';

(function () {
    const CONFIG = Object.assign({apiBaseUrl: '', cognitoDomain: '', clientId: ''}, window.MENTORSHIP_CONFIG || {});
    const API_BASE = String(CONFIG.apiBaseUrl || '').replace(/\/+$/, '');
    const TOKEN_KEY = 'mentorship.idToken';
    const OAUTH_STATE_KEY = 'mentorship.oauthState';
    const VIEWS = ['signin', 'profile', 'guidelines', 'suggestions', 'inbox', 'mentorships', 'safety', 'admin'];
    const ROLES = ['mentee', 'mentor'];
    const VISIBILITY = ['everyone', 'suggestions', 'nobody'];
    const VISIBILITY_FIELDS = ['friends', 'education', 'location', 'profession'];
    const WEIGHT_KEYS = ['topics', 'friends', 'interests', 'profession', 'education', 'location', 'languages',
        'experience'];
    const EDUCATION_FIELDS = [['school', 'School (required)', 'text'], ['degree', 'Degree', 'text'],
        ['field', 'Field of study', 'text'], ['startYear', 'Start year', 'number'], ['endYear', 'End year', 'number']];
    const COMMONALITY_LABELS = {FRIENDS: 'Mutual friends', TOPICS: 'Topics', EDUCATION: 'Education',
        LOCATION: 'Location', PROFESSION: 'Profession', INTERESTS: 'Interests', LANGUAGES: 'Languages'};
    const EVENT_LABELS = {IntroductionRequested: 'Introduction request', IntroductionAccepted: 'Introduction accepted',
        IntroductionDeclined: 'Introduction declined', IntroductionWithdrawn: 'Introduction withdrawn',
        IntroductionExpired: 'Introduction expired', MentorAtCapacity: 'Mentor is full',
        MentorshipEnded: 'Mentorship ended', GuidelinesPublished: 'New guidelines'};

    const state = {token: null, me: null, admin: false, profile: null, view: 'signin', names: new Map()};

    // ---------------------------------------------------------------- DOM helpers

    function $(id) {
        return document.getElementById(id);
    }

    /** Builds an element: attrs are attributes (text: textContent, on: listeners); children are nodes or text. */
    function el(tag, attrs, ...children) {
        const node = document.createElement(tag);
        for (const [key, value] of Object.entries(attrs || {})) {
            if (value === undefined || value === null || value === false) {
                continue;
            }
            if (key === 'text') {
                node.textContent = String(value);
            } else if (key === 'on') {
                for (const [type, listener] of Object.entries(value)) {
                    node.addEventListener(type, listener);
                }
            } else {
                node.setAttribute(key, value === true ? '' : String(value));
            }
        }
        for (const child of children.flat()) {
            if (child !== undefined && child !== null && child !== false) {
                node.append(child instanceof Node ? child : String(child));
            }
        }
        return node;
    }

    function replaceChildren(parent, children) {
        parent.replaceChildren(...children);
    }

    function emptyItem(text) {
        return el('li', {'data-testid': 'empty', class: 'empty', text});
    }

    function splitList(text) {
        return String(text || '').split(',').map(s => s.trim()).filter(s => s.length > 0);
    }

    function when(iso) {
        if (!iso) {
            return '';
        }
        const date = new Date(iso);
        return isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
    }

    function roleWord(role) {
        return role === 'mentor' ? 'mentor' : 'mentee';
    }

    // ---------------------------------------------------------------- API

    class ApiError extends Error {
        constructor(status, body) {
            const error = body && typeof body.error === 'object' && body.error ? body.error : {};
            super(error.message || (body && body.message) || ('HTTP ' + status));
            this.status = status;
            this.code = error.code || '';
            this.field = error.field || '';
        }
    }

    function localError(field, message) {
        return new ApiError(0, {error: {code: 'INVALID_FIELD', message, field}});
    }

    /** One call to the API: adds the token, sends JSON, returns the parsed body, throws ApiError on any non-2xx. */
    async function api(method, path, body) {
        const headers = {Accept: 'application/json'};
        if (state.token) {
            headers.Authorization = 'Bearer ' + state.token;
        }
        const init = {method, headers, cache: 'no-store', credentials: 'omit'};
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        let response;
        try {
            response = await fetch(API_BASE + path, init);
        } catch (e) {
            throw new ApiError(0, {error: {code: 'NETWORK', message: 'cannot reach the API (' + e.message + ')'}});
        }
        const text = await response.text();
        let data = null;
        if (text) {
            try {
                data = JSON.parse(text);
            } catch (e) {
                data = {message: text.slice(0, 300)};
            }
        }
        if (!response.ok) {
            throw new ApiError(response.status, data);
        }
        return data;
    }

    function mePath(suffix) {
        return '/users/' + encodeURIComponent(state.me) + (suffix || '');
    }

    // ---------------------------------------------------------------- status region

    function say(message, kind) {
        const status = $('status');
        status.textContent = message;
        status.dataset.kind = kind || 'info';
        delete status.dataset.code;
        delete status.dataset.field;
    }

    function clearStatus() {
        say('', 'info');
        delete $('status').dataset.kind;
    }

    function report(err) {
        if (!(err instanceof ApiError)) {
            say('Something went wrong: ' + (err && err.message ? err.message : String(err)), 'error');
            return;
        }
        const head = ['Error', err.status || '', err.code].filter(Boolean).join(' ');
        say(head + ': ' + err.message + (err.field ? ' (field: ' + err.field + ')' : ''), 'error');
        const status = $('status');
        if (err.code) {
            status.dataset.code = err.code;
        }
        if (err.field) {
            status.dataset.field = err.field;
            markInvalid(err.field);
        }
        if (err.status === 401 && state.token) {
            signOut();
            say('Error 401: your sign-in is no longer valid (' + err.message + '). Sign in again.', 'error');
        }
    }

    /** Runs an action with its button disabled; any failure goes to the status region. */
    async function act(button, work) {
        if (button) {
            button.disabled = true;
        }
        try {
            await work();
        } catch (err) {
            report(err);
        } finally {
            if (button) {
                button.disabled = false;
            }
        }
    }

    /** Marks the profile input a field path names ("mentor.capacity", "education[0].school", "languages[1]"). */
    function markInvalid(field) {
        if (state.view !== 'profile') {
            return;
        }
        const id = 'profile-' + field.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
        const input = $(id) || $(id.replace(/-\d+$/, '')) || (field.startsWith('friendIds') ? $('friends-ids') : null);
        if (input) {
            input.setAttribute('aria-invalid', 'true');
            input.focus();
        }
    }

    function clearInvalid() {
        for (const input of document.querySelectorAll('[aria-invalid="true"]')) {
            input.removeAttribute('aria-invalid');
        }
    }

    // ---------------------------------------------------------------- session

    function decodeJwt(token) {
        const parts = token.split('.');
        if (parts.length !== 3) {
            throw localError('token', 'this is not a JWT (expected three dot-separated parts)');
        }
        try {
            const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
            const padded = base64 + '='.repeat((4 - base64.length % 4) % 4);
            const bytes = Uint8Array.from(atob(padded), c => c.charCodeAt(0));
            return JSON.parse(new TextDecoder().decode(bytes));
        } catch (e) {
            throw localError('token', 'the token payload cannot be read');
        }
    }

    function groupsOf(claims) {
        const groups = claims['cognito:groups'];
        if (Array.isArray(groups)) {
            return groups.map(String);
        }
        return typeof groups === 'string' ? groups.split(/[\s,[\]"]+/).filter(Boolean) : [];
    }

    async function startSession(rawToken) {
        const token = String(rawToken || '').trim().replace(/^Bearer\s+/i, '');
        const claims = decodeJwt(token);
        if (typeof claims.sub !== 'string' || !claims.sub) {
            throw localError('token', 'the token has no subject (sub)');
        }
        if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
            throw localError('token', 'the token has expired');
        }
        resetMemberData();
        state.token = token;
        state.me = claims.sub;
        state.admin = groupsOf(claims).includes('admin');
        sessionStorage.setItem(TOKEN_KEY, token);
        renderSession();
        say('Signed in as ' + state.me + (state.admin ? ' (admin)' : '') + '.', 'ok');
        show('profile', false);
        try {
            await loadProfile();
        } catch (err) {
            report(err);
        }
    }

    function signOut() {
        sessionStorage.removeItem(TOKEN_KEY);
        state.token = null;
        state.me = null;
        state.admin = false;
        resetMemberData();
        renderSession();
        show('signin', false);
        say('Signed out.', 'info');
    }

    function resetMemberData() {
        state.profile = null;
        state.names = new Map();
        for (const id of ['guidelines-list', 'acknowledgements-list', 'suggestions-list', 'incoming-list',
            'outgoing-list', 'notifications-list', 'mentorships-list', 'blocks-list', 'profile-summary',
            'admin-stats']) {
            $(id).replaceChildren();
        }
        $('friends-result').textContent = '';
        $('suggestions-reason').hidden = true;
        fillProfileForm(null);
    }

    function renderSession() {
        const signedIn = Boolean(state.token);
        $('whoami').textContent = signedIn ? 'Signed in as ' + state.me + (state.admin ? ' (admin)' : '')
            : 'Not signed in';
        $('signout-button').hidden = !signedIn;
        for (const view of VIEWS) {
            const hide = view === 'signin' ? false : view === 'admin' ? !(signedIn && state.admin) : !signedIn;
            $('nav-' + view).hidden = hide;
        }
    }

    async function signInLocally(event) {
        event.preventDefault();
        const user = $('signin-user').value.trim();
        if (!user) {
            report(localError('sub', 'enter a user id, such as alice'));
            return;
        }
        await act($('signin-button'), async () => {
            const query = '?sub=' + encodeURIComponent(user) + ($('signin-admin').checked ? '&admin=true' : '');
            const issued = await api('GET', '/_local/token' + query);
            await startSession(issued.token);
        });
    }

    async function signInWithToken(event) {
        event.preventDefault();
        const input = $('token-input');
        await act($('token-button'), async () => {
            await startSession(input.value);
            input.value = '';
        });
    }

    /** Reads an id_token the Hosted UI put in the fragment, once, and removes it from the address bar at once. */
    function takeTokenFromFragment() {
        if (!location.hash || location.hash.length < 2) {
            return null;
        }
        const params = new URLSearchParams(location.hash.slice(1));
        if (!params.has('id_token') && !params.has('error')) {
            return null;
        }
        history.replaceState(null, '', location.pathname + location.search);
        const expected = sessionStorage.getItem(OAUTH_STATE_KEY);
        sessionStorage.removeItem(OAUTH_STATE_KEY);
        if (params.has('error')) {
            say('Sign-in failed: ' + (params.get('error_description') || params.get('error')), 'error');
            return null;
        }
        if (!expected || params.get('state') !== expected) {
            say('Sign-in answer ignored: it does not match a sign-in started here. Try again.', 'error');
            return null;
        }
        return params.get('id_token');
    }

    function setUpHostedUi() {
        if (!CONFIG.cognitoDomain || !CONFIG.clientId) {
            return;
        }
        const nonce = new Uint8Array(16);
        crypto.getRandomValues(nonce);
        const oauthState = Array.from(nonce, b => b.toString(16).padStart(2, '0')).join('');
        sessionStorage.setItem(OAUTH_STATE_KEY, oauthState);
        const domain = String(CONFIG.cognitoDomain).replace(/^https?:\/\//, '').replace(/\/+$/, '');
        const params = new URLSearchParams({
            response_type: 'token',
            client_id: CONFIG.clientId,
            redirect_uri: CONFIG.redirectUri || (location.origin + location.pathname),
            scope: CONFIG.scope || 'openid',
            state: oauthState
        });
        $('hosted-ui-link').setAttribute('href', 'https://' + domain + '/oauth2/authorize?' + params.toString());
        $('hosted-ui').hidden = false;
    }

    // ---------------------------------------------------------------- navigation

    const LOADERS = {
        profile: () => loadProfile(),
        guidelines: () => loadGuidelines(),
        suggestions: () => loadSuggestions(),
        inbox: () => loadInbox(),
        mentorships: () => loadMentorships(),
        safety: () => loadBlocks(),
        admin: () => loadAdmin()
    };

    function show(view, focusHeading) {
        if (!state.token) {
            view = 'signin';
        } else if (view === 'admin' && !state.admin) {
            view = 'profile';
        }
        state.view = view;
        for (const name of VIEWS) {
            $('view-' + name).hidden = name !== view;
            if (name === view) {
                $('nav-' + name).setAttribute('aria-current', 'page');
            } else {
                $('nav-' + name).removeAttribute('aria-current');
            }
        }
        if (focusHeading) {
            $(view + '-heading').focus();
        }
    }

    function navigate(view) {
        clearStatus();
        clearInvalid();
        show(view, true);
        const loader = LOADERS[state.view];
        if (loader) {
            loader().catch(report);
        }
    }

    // ---------------------------------------------------------------- profile

    function myRoles() {
        const p = state.profile;
        return p ? ROLES.filter(role => p[role]) : [];
    }

    async function loadProfile() {
        try {
            state.profile = await api('GET', mePath());
        } catch (err) {
            if (err.status !== 404) {
                throw err;
            }
            state.profile = null;
        }
        fillProfileForm(state.profile);
        renderProfileSummary();
    }

    function setValue(id, value) {
        $(id).value = value === undefined || value === null ? '' : String(value);
    }

    function fillProfileForm(p) {
        const profile = p || {};
        const mentee = profile.mentee || {};
        const mentor = profile.mentor || {};
        const profession = profile.profession || {};
        const location = profile.location || {};
        const preferences = profile.preferences || {};
        const visibility = profile.visibility || {};
        setValue('profile-displayName', profile.displayName);
        setValue('profile-headline', profile.headline);
        $('profile-is-mentee').checked = Boolean(profile.mentee);
        setValue('profile-mentee-topics', (mentee.topics || []).join(', '));
        setValue('profile-mentee-goal', mentee.goal);
        $('profile-is-mentor').checked = Boolean(profile.mentor);
        setValue('profile-mentor-topics', (mentor.topics || []).join(', '));
        setValue('profile-mentor-capacity', mentor.capacity);
        $('profile-mentor-accepting').checked = mentor.accepting !== false;
        for (const key of ['title', 'industry', 'field', 'employer', 'yearsExperience']) {
            setValue('profile-profession-' + key, profession[key]);
        }
        for (const key of ['city', 'region', 'country', 'lat', 'lon']) {
            setValue('profile-location-' + key, location[key]);
        }
        setValue('profile-interests', (profile.interests || []).join(', '));
        setValue('profile-languages', (profile.languages || []).join(', '));
        $('profile-preferences-remoteOk').checked = preferences.remoteOk !== false;
        $('profile-preferences-outsideMyCircle').checked = preferences.outsideMyCircle === true;
        for (const key of VISIBILITY_FIELDS) {
            setValue('profile-visibility-' + key, visibility[key] || 'suggestions');
        }
        $('profile-education-list').replaceChildren();
        for (const entry of profile.education || []) {
            addEducationRow(entry);
        }
        $('profile-state').textContent = p
            ? 'Your profile, version ' + p.version + (p.updatedAt ? ', last saved ' + when(p.updatedAt) : '') + '.'
            : 'You have no profile yet: fill in the form and save to sign up.';
        $('profile-save').textContent = p ? 'Save changes' : 'Create profile';
        $('suggestions-as').value = profile.mentee || !profile.mentor ? 'mentee' : 'mentor';
    }

    /** Education rows are renumbered on every change so their ids match the API's field paths (education[i].x). */
    function addEducationRow(entry) {
        const list = $('profile-education-list');
        const row = el('li', {'data-testid': 'education-row', class: 'education-row'});
        for (const [key, label, type] of EDUCATION_FIELDS) {
            const input = el('input', {type, 'data-key': key, maxlength: type === 'text' ? 120 : null,
                min: type === 'number' ? 1900 : null, max: type === 'number' ? 2100 : null,
                step: type === 'number' ? 1 : null});
            input.value = entry && entry[key] !== undefined && entry[key] !== null ? String(entry[key]) : '';
            row.append(el('div', {class: 'field'}, el('label', {text: label}), input));
        }
        row.append(el('button', {type: 'button', class: 'secondary', 'data-testid': 'education-remove',
            text: 'Remove this school', on: {click: () => {
                row.remove();
                renumberEducation();
            }}}));
        list.append(row);
        renumberEducation();
    }

    function renumberEducation() {
        const rows = $('profile-education-list').querySelectorAll('[data-testid=education-row]');
        rows.forEach((row, index) => {
            for (const field of row.querySelectorAll('.field')) {
                const input = field.querySelector('input');
                const id = 'profile-education-' + index + '-' + input.dataset.key;
                input.id = id;
                field.querySelector('label').setAttribute('for', id);
            }
            row.querySelector('[data-testid=education-remove]')
                .setAttribute('aria-label', 'Remove school ' + (index + 1));
        });
    }

    function text(id) {
        const value = $(id).value.trim();
        return value === '' ? undefined : value;
    }

    function number(id, field) {
        const input = $(id);
        if (input.validity && input.validity.badInput) {
            throw localError(field, 'not a number');
        }
        const value = input.value.trim();
        if (value === '') {
            return undefined;
        }
        const parsed = Number(value);
        if (!Number.isFinite(parsed)) {
            throw localError(field, 'not a number');
        }
        return parsed;
    }

    /** Drops undefined values; returns undefined for an object left empty, so the API gets null for it. */
    function compact(object) {
        const out = {};
        for (const [key, value] of Object.entries(object)) {
            if (value !== undefined) {
                out[key] = value;
            }
        }
        return Object.keys(out).length ? out : undefined;
    }

    function readProfileForm() {
        const body = {displayName: $('profile-displayName').value.trim(), headline: text('profile-headline')};
        if ($('profile-is-mentee').checked) {
            body.mentee = {topics: splitList($('profile-mentee-topics').value), goal: text('profile-mentee-goal')};
        }
        if ($('profile-is-mentor').checked) {
            body.mentor = {topics: splitList($('profile-mentor-topics').value),
                capacity: number('profile-mentor-capacity', 'mentor.capacity'),
                accepting: $('profile-mentor-accepting').checked};
        }
        body.profession = compact({title: text('profile-profession-title'),
            industry: text('profile-profession-industry'), field: text('profile-profession-field'),
            employer: text('profile-profession-employer'),
            yearsExperience: number('profile-profession-yearsExperience', 'profession.yearsExperience')});
        body.education = Array.from($('profile-education-list').querySelectorAll('[data-testid=education-row]'),
            (row, i) => compact({school: text('profile-education-' + i + '-school'),
                degree: text('profile-education-' + i + '-degree'), field: text('profile-education-' + i + '-field'),
                startYear: number('profile-education-' + i + '-startYear', 'education[' + i + '].startYear'),
                endYear: number('profile-education-' + i + '-endYear', 'education[' + i + '].endYear')}) || {});
        body.location = compact({city: text('profile-location-city'), region: text('profile-location-region'),
            country: text('profile-location-country'), lat: number('profile-location-lat', 'location.lat'),
            lon: number('profile-location-lon', 'location.lon')});
        body.interests = splitList($('profile-interests').value);
        body.languages = splitList($('profile-languages').value);
        body.preferences = {remoteOk: $('profile-preferences-remoteOk').checked,
            outsideMyCircle: $('profile-preferences-outsideMyCircle').checked};
        body.visibility = {};
        for (const key of VISIBILITY_FIELDS) {
            body.visibility[key] = $('profile-visibility-' + key).value;
        }
        return JSON.parse(JSON.stringify(body));
    }

    async function saveProfile(event) {
        event.preventDefault();
        clearInvalid();
        await act($('profile-save'), async () => {
            const body = readProfileForm();
            const creating = !state.profile;
            if (!creating) {
                body.version = state.profile.version;
            }
            state.profile = creating ? await api('POST', '/users', body) : await api('PUT', mePath(), body);
            fillProfileForm(state.profile);
            renderProfileSummary();
            say((creating ? 'Profile created' : 'Profile saved') + ' (version ' + state.profile.version + ').', 'ok');
        });
    }

    function summaryRow(key, label, value) {
        if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) {
            return [];
        }
        return [el('dt', {text: label}), el('dd', {'data-field': key, text: Array.isArray(value)
            ? value.join(', ') : String(value)})];
    }

    function joined(parts) {
        return parts.filter(p => p !== undefined && p !== null && p !== '').join(', ');
    }

    function renderProfileSummary() {
        const p = state.profile;
        if (!p) {
            replaceChildren($('profile-summary'), [el('dt', {text: 'Profile'}), el('dd', {'data-field': 'none',
                text: 'Not created yet'})]);
            return;
        }
        const mentee = p.mentee || {};
        const mentor = p.mentor || {};
        const job = p.profession || {};
        const place = p.location || {};
        const visibility = p.visibility || {};
        replaceChildren($('profile-summary'), [
            summaryRow('userId', 'User id', p.userId),
            summaryRow('displayName', 'Name', p.displayName),
            summaryRow('headline', 'Headline', p.headline),
            summaryRow('mentee', 'Wants help with', p.mentee ? joined([(mentee.topics || []).join(', '),
                mentee.goal ? 'goal: ' + mentee.goal : '']) : null),
            summaryRow('mentor', 'Offers to mentor', p.mentor ? joined([(mentor.topics || []).join(', '),
                'capacity ' + mentor.capacity, mentor.accepting ? 'accepting' : 'not accepting']) : null),
            summaryRow('profession', 'Profession', joined([job.title, job.industry, job.field, job.employer,
                job.yearsExperience !== undefined ? job.yearsExperience + ' years' : ''])),
            summaryRow('education', 'Education', (p.education || []).map(e => joined([e.school, e.degree, e.field,
                joined([e.startYear, e.endYear]).replace(', ', '–')])).join('; ')),
            summaryRow('location', 'Location', joined([place.city, place.region, place.country])),
            summaryRow('interests', 'Interests', p.interests),
            summaryRow('languages', 'Languages', p.languages),
            summaryRow('visibility', 'Visibility', VISIBILITY_FIELDS.map(k => k + ': ' + visibility[k]).join(', ')),
            summaryRow('version', 'Version', p.version),
            summaryRow('updatedAt', 'Last saved', when(p.updatedAt))
        ].flat());
    }

    async function saveFriends(event) {
        event.preventDefault();
        clearInvalid();
        await act($('friends-save'), async () => {
            const result = await api('PUT', mePath('/friends'), {friendIds: splitList($('friends-ids').value)});
            const confirmed = result.confirmedFriendIds || [];
            $('friends-result').textContent = 'Listed: ' + ((result.friendIds || []).join(', ') || 'nobody')
                + '. Confirmed by both sides: ' + (confirmed.join(', ') || 'nobody yet') + '.';
            say('Friend list saved.', 'ok');
        });
    }

    // ---------------------------------------------------------------- guidelines

    async function loadGuidelines() {
        const roles = myRoles().length ? myRoles() : ROLES;
        const [acks, ...guidelines] = await Promise.all([
            api('GET', mePath('/acknowledgements')),
            ...roles.map(role => api('GET', '/guidelines/' + role))
        ]);
        const list = (acks && acks.acknowledgements) || [];
        replaceChildren($('guidelines-list'), guidelines.map(g => guidelinesCard(g, list)));
        replaceChildren($('acknowledgements-list'), list.length ? list.map(a => el('li', {
            'data-testid': 'acknowledgement-item', 'data-role': a.role, 'data-version': a.version,
            'data-current': String(Boolean(a.current)),
            text: roleWord(a.role) + ' guidelines version ' + a.version + ', acknowledged ' + when(a.acknowledgedAt)
                + (a.current ? ' (current)' : ' (a newer version exists)')
        })) : [emptyItem('You have not acknowledged any guidelines yet.')]);
    }

    function guidelinesCard(g, acks) {
        const acknowledged = acks.filter(a => a.role === g.role).reduce((max, a) => Math.max(max, a.version), 0);
        const upToDate = acknowledged >= g.version;
        const status = upToDate ? 'You acknowledged this version.'
            : acknowledged ? 'You acknowledged version ' + acknowledged + '; this newer one needs your acknowledgement.'
                : 'Not acknowledged yet.';
        const button = el('button', {type: 'button', 'data-testid': 'acknowledge', disabled: upToDate,
            text: upToDate ? 'Acknowledged' : 'I acknowledge version ' + g.version});
        button.addEventListener('click', () => act(button, async () => {
            await api('POST', mePath('/acknowledgements'), {role: g.role, version: g.version});
            say('You acknowledged the ' + g.role + ' guidelines, version ' + g.version + '.', 'ok');
            await loadGuidelines();
        }));
        return el('li', {class: 'card', 'data-testid': 'guidelines-card', 'data-role': g.role,
            'data-version': g.version},
            el('h3', {'data-testid': 'guidelines-title', text: g.title}),
            el('p', {class: 'muted', 'data-testid': 'guidelines-version',
                text: 'For ' + roleWord(g.role) + 's · version ' + g.version
                    + (g.publishedAt ? ' · published ' + when(g.publishedAt) : '')}),
            el('ol', {}, (g.rules || []).map(rule => el('li', {'data-testid': 'guidelines-rule', text: rule}))),
            el('p', {'data-testid': 'guidelines-ack-status', class: upToDate ? 'ok' : 'warn', text: status}),
            button);
    }

    // ---------------------------------------------------------------- suggestions

    async function loadSuggestions() {
        const as = $('suggestions-as').value;
        const limit = $('suggestions-limit').value.trim();
        const result = await api('GET', mePath('/suggestions') + '?as=' + encodeURIComponent(as)
            + (limit ? '&limit=' + encodeURIComponent(limit) : ''));
        const reason = $('suggestions-reason');
        reason.hidden = !result.reason;
        reason.textContent = result.reason ? result.reason.message : '';
        reason.dataset.code = result.reason ? result.reason.code : '';
        const items = result.suggestions || [];
        replaceChildren($('suggestions-list'), items.length ? items.map(s => suggestionCard(s, result.as || as))
            : [emptyItem(result.reason ? 'No suggestions for now.' : 'No one matches yet. Try again later.')]);
    }

    function commonalityList(commonalities) {
        if (!commonalities || !commonalities.length) {
            return null;
        }
        return el('ul', {class: 'commonalities', 'aria-label': 'Points in common'}, commonalities.map(c =>
            el('li', {'data-testid': 'commonality', 'data-type': c.type},
                el('strong', {text: (COMMONALITY_LABELS[c.type] || c.type) + ': '}),
                el('span', {text: c.summary || ''}))));
    }

    function cardFacts(card) {
        const facts = [];
        if (card.mentor && card.mentor.topics) {
            facts.push('Mentors in: ' + card.mentor.topics.join(', ')
                + (card.mentor.accepting === false ? ' (not accepting now)' : ''));
        }
        if (card.mentee && card.mentee.topics) {
            facts.push('Wants help with: ' + card.mentee.topics.join(', '));
        }
        if (card.profession) {
            facts.push(joined([card.profession.title, card.profession.employer, card.profession.industry]));
        }
        if (card.location) {
            facts.push(joined([card.location.city, card.location.region, card.location.country]));
        }
        if (card.languages && card.languages.length) {
            facts.push('Speaks: ' + card.languages.join(', '));
        }
        return facts.filter(Boolean);
    }

    function suggestionCard(s, as) {
        const card = s.profile || {};
        const name = card.displayName || s.userId;
        const messageId = 'intro-message-' + s.userId;
        const message = el('textarea', {id: messageId, rows: 2, maxlength: 1000, 'data-testid': 'intro-message'});
        const button = el('button', {type: 'button', 'data-testid': 'request-intro',
            'aria-label': 'Request an introduction to ' + name, text: 'Request introduction'});
        button.addEventListener('click', () => act(button, async () => {
            const body = {toUserId: s.userId, as};
            if (message.value.trim()) {
                body.message = message.value.trim();
            }
            await api('POST', '/introductions', body);
            say('Introduction requested: ' + name + ' will be asked.', 'ok');
            await loadSuggestions();
        }));
        return el('li', {class: 'card', 'data-testid': 'suggestion-card', 'data-user-id': s.userId},
            el('div', {class: 'card-head'},
                el('h3', {'data-testid': 'suggestion-name', text: name}),
                el('span', {class: 'score', 'data-testid': 'suggestion-score', 'data-score': s.score,
                    text: 'Score ' + s.score + '/100'})),
            card.headline ? el('p', {'data-testid': 'suggestion-headline', text: card.headline}) : null,
            el('ul', {class: 'facts', 'data-testid': 'suggestion-topics'},
                cardFacts(card).map(f => el('li', {text: f}))),
            el('h4', {text: 'What you have in common'}),
            commonalityList(s.commonalities) || el('p', {class: 'muted', text: 'Nothing shared yet.'}),
            el('div', {class: 'field'}, el('label', {for: messageId, text: 'Message to ' + name + ' (optional)'}),
                message),
            button);
    }

    // ---------------------------------------------------------------- inbox and introductions

    /** Shows a counterpart's name when their public card may be read; the id stays otherwise. */
    function nameInto(node, userId) {
        node.textContent = userId;
        if (!state.names.has(userId)) {
            state.names.set(userId, api('GET', '/users/' + encodeURIComponent(userId))
                .then(card => card && card.displayName ? card.displayName : null).catch(() => null));
        }
        state.names.get(userId).then(name => {
            if (name) {
                node.textContent = name + ' (' + userId + ')';
            }
        });
        return node;
    }

    async function loadInbox() {
        const [incoming, outgoing, inbox] = await Promise.all([
            api('GET', '/introductions?box=incoming&status=pending'),
            api('GET', '/introductions?box=outgoing'),
            api('GET', mePath('/inbox'))
        ]);
        const pending = incoming.introductions || [];
        const sent = outgoing.introductions || [];
        const items = inbox.items || [];
        replaceChildren($('incoming-list'), pending.length ? pending.map(incomingCard)
            : [emptyItem('No introductions are waiting for you.')]);
        replaceChildren($('outgoing-list'), sent.length ? sent.map(outgoingCard)
            : [emptyItem('You have not asked for any introductions.')]);
        replaceChildren($('notifications-list'), items.length ? items.map(notificationItem)
            : [emptyItem('No notifications.')]);
    }

    function incomingCard(intro) {
        const reasonId = 'decline-reason-' + intro.id;
        const reason = el('input', {id: reasonId, type: 'text', maxlength: 500, 'data-testid': 'decline-reason'});
        const accept = el('button', {type: 'button', 'data-testid': 'accept', text: 'Accept'});
        const decline = el('button', {type: 'button', class: 'danger', 'data-testid': 'decline', text: 'Decline'});
        accept.addEventListener('click', () => act(accept, async () => {
            await api('POST', '/introductions/' + encodeURIComponent(intro.id) + '/accept');
            say('Introduction accepted: your mentorship has started.', 'ok');
            await loadInbox();
        }));
        decline.addEventListener('click', () => act(decline, async () => {
            await api('POST', '/introductions/' + encodeURIComponent(intro.id) + '/decline',
                {reason: reason.value.trim()});
            say('Introduction declined.', 'ok');
            await loadInbox();
        }));
        const wants = intro.as === 'mentee' ? 'would like you as their mentor' : 'offers to mentor you';
        return el('li', {class: 'card', 'data-testid': 'incoming-card', 'data-introduction-id': intro.id,
            'data-user-id': intro.requesterId},
            el('h4', {}, nameInto(el('span', {'data-testid': 'counterpart-name'}), intro.requesterId), ' ' + wants),
            intro.message ? el('blockquote', {'data-testid': 'intro-message-text', text: intro.message}) : null,
            el('h5', {text: 'What you have in common'}),
            commonalityList(intro.commonalities) || el('p', {class: 'muted', text: 'Nothing shared listed.'}),
            el('p', {class: 'muted', text: 'Asked ' + when(intro.createdAt) + ' · expires ' + when(intro.expiresAt)}),
            el('div', {class: 'field'},
                el('label', {for: reasonId, text: 'Reason, if you decline (required to decline)'}),
                reason),
            el('div', {class: 'actions'}, accept, decline));
    }

    function outgoingCard(intro) {
        const children = [
            el('h4', {}, 'To ', nameInto(el('span', {'data-testid': 'counterpart-name'}), intro.recipientId),
                ' as their ' + (intro.as === 'mentee' ? 'mentee' : 'mentor')),
            el('p', {'data-testid': 'intro-status', class: 'status-' + intro.status, text: 'Status: ' + intro.status
                + (intro.decidedAt ? ' (' + when(intro.decidedAt) + ')' : '')}),
            intro.declineReason ? el('p', {text: 'Reason: ' + intro.declineReason}) : null,
            intro.message ? el('blockquote', {text: intro.message}) : null
        ];
        if (intro.status === 'pending') {
            const withdraw = el('button', {type: 'button', class: 'secondary', 'data-testid': 'withdraw',
                text: 'Withdraw'});
            withdraw.addEventListener('click', () => act(withdraw, async () => {
                await api('POST', '/introductions/' + encodeURIComponent(intro.id) + '/withdraw');
                say('Introduction withdrawn.', 'ok');
                await loadInbox();
            }));
            children.push(withdraw);
        }
        return el('li', {class: 'card', 'data-testid': 'outgoing-card', 'data-introduction-id': intro.id,
            'data-user-id': intro.recipientId, 'data-status': intro.status}, children);
    }

    function notificationItem(item) {
        return el('li', {class: 'card compact', 'data-testid': 'inbox-item', 'data-type': item.type,
            'data-introduction-id': item.introductionId || null},
            el('p', {}, el('strong', {text: (EVENT_LABELS[item.type] || item.type) + ': '}),
                el('span', {text: item.summary || ''})),
            item.reason ? el('p', {text: 'Reason: ' + item.reason}) : null,
            commonalityList(item.commonalities),
            el('p', {class: 'muted', text: when(item.occurredAt)}));
    }

    // ---------------------------------------------------------------- mentorships

    async function loadMentorships() {
        const result = await api('GET', mePath('/mentorships'));
        const list = result.mentorships || [];
        replaceChildren($('mentorships-list'), list.length ? list.map(mentorshipCard)
            : [emptyItem('No mentorships yet.')]);
    }

    function mentorshipCard(m) {
        const iMentor = m.mentorId === state.me;
        const other = iMentor ? m.menteeId : m.mentorId;
        const children = [
            el('h3', {}, nameInto(el('span', {'data-testid': 'counterpart-name'}), other)),
            el('p', {text: 'You are the ' + (iMentor ? 'mentor' : 'mentee') + ' · ' + m.status
                + ' · started ' + when(m.startedAt) + (m.endedAt ? ' · ended ' + when(m.endedAt) : '')}),
            m.rating ? el('p', {text: 'Rating: ' + m.rating + '/5'}) : null,
            m.feedback ? el('blockquote', {text: m.feedback}) : null
        ];
        if (m.status === 'active') {
            children.push(endControls(m));
        }
        return el('li', {class: 'card', 'data-testid': 'mentorship-card', 'data-mentorship-id': m.id,
            'data-user-id': other, 'data-status': m.status}, children);
    }

    function endControls(m) {
        const ratingId = 'end-rating-' + m.id;
        const feedbackId = 'end-feedback-' + m.id;
        const rating = el('select', {id: ratingId, 'data-testid': 'end-rating'},
            el('option', {value: '', text: 'No rating'}),
            [1, 2, 3, 4, 5].map(n => el('option', {value: n, text: n + ' of 5'})));
        const feedback = el('textarea', {id: feedbackId, rows: 2, maxlength: 2000, 'data-testid': 'end-feedback'});
        const button = el('button', {type: 'button', class: 'danger', 'data-testid': 'end-mentorship',
            text: 'End mentorship'});
        button.addEventListener('click', () => act(button, async () => {
            const body = {};
            if (rating.value) {
                body.rating = Number(rating.value);
            }
            if (feedback.value.trim()) {
                body.feedback = feedback.value.trim();
            }
            await api('POST', '/mentorships/' + encodeURIComponent(m.id) + '/end', body);
            say('Mentorship ended.', 'ok');
            await loadMentorships();
        }));
        return el('div', {class: 'end-controls'},
            el('div', {class: 'field'}, el('label', {for: ratingId, text: 'Rating (optional)'}), rating),
            el('div', {class: 'field'}, el('label', {for: feedbackId, text: 'Feedback (optional)'}), feedback),
            button);
    }

    // ---------------------------------------------------------------- safety

    async function loadBlocks() {
        const result = await api('GET', mePath('/blocks'));
        const ids = result.blockedUserIds || [];
        replaceChildren($('blocks-list'), ids.length ? ids.map(blockItem)
            : [emptyItem('You have not blocked anyone.')]);
    }

    function blockItem(userId) {
        const button = el('button', {type: 'button', class: 'secondary', 'data-testid': 'unblock',
            'aria-label': 'Unblock ' + userId, text: 'Unblock'});
        button.addEventListener('click', () => act(button, async () => {
            await api('DELETE', mePath('/blocks/' + encodeURIComponent(userId)));
            say('Unblocked ' + userId + '.', 'ok');
            await loadBlocks();
        }));
        return el('li', {class: 'row', 'data-testid': 'block-item', 'data-user-id': userId},
            el('span', {text: userId}), button);
    }

    async function blockMember(event) {
        event.preventDefault();
        const input = $('block-user');
        await act($('block-button'), async () => {
            const result = await api('POST', mePath('/blocks'), {userId: input.value.trim()});
            say('Blocked ' + result.blockedUserId + '.', 'ok');
            input.value = '';
            await loadBlocks();
        });
    }

    async function reportMember(event) {
        event.preventDefault();
        await act($('report-button'), async () => {
            const result = await api('POST', '/reports', {userId: $('report-user').value.trim(),
                reason: $('report-reason').value.trim()});
            say('Report received (reference ' + result.id + '). Thank you.', 'ok');
            $('report-user').value = '';
            $('report-reason').value = '';
        });
    }

    // ---------------------------------------------------------------- admin

    async function loadAdmin() {
        const results = await Promise.allSettled([loadWeights(), loadStats(), loadRecompute(),
            loadCurrentGuidelines()]);
        const failed = results.find(r => r.status === 'rejected');
        if (failed) {
            throw failed.reason;
        }
    }

    async function loadCurrentGuidelines() {
        const role = $('admin-guidelines-role').value;
        const g = await api('GET', '/guidelines/' + role);
        $('admin-guidelines-current').textContent = 'Current ' + role + ' guidelines: version ' + g.version
            + (g.publishedAt ? ', published ' + when(g.publishedAt) : '') + '.';
        return g;
    }

    async function fillGuidelinesDraft() {
        const g = await loadCurrentGuidelines();
        $('admin-guidelines-title').value = g.title || '';
        $('admin-guidelines-rules').value = (g.rules || []).join('\n');
    }

    async function publishGuidelines(event) {
        event.preventDefault();
        await act($('admin-guidelines-publish'), async () => {
            const role = $('admin-guidelines-role').value;
            const rules = $('admin-guidelines-rules').value.split('\n').map(r => r.trim()).filter(Boolean);
            const published = await api('PUT', '/admin/guidelines/' + role,
                {title: $('admin-guidelines-title').value.trim(), rules});
            say('Published the ' + role + ' guidelines, version ' + published.version
                + '. Every ' + role + ' must acknowledge it again.', 'ok');
            await Promise.all([loadCurrentGuidelines(), loadRecompute()]);
        });
    }

    function buildWeightInputs() {
        replaceChildren($('admin-weights-fields'), WEIGHT_KEYS.map(key => el('div', {class: 'field'},
            el('label', {for: 'weight-' + key, text: key.charAt(0).toUpperCase() + key.slice(1)}),
            el('input', {id: 'weight-' + key, type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric'}))));
    }

    async function loadWeights() {
        const weights = await api('GET', '/admin/matching/weights');
        for (const key of WEIGHT_KEYS) {
            $('weight-' + key).value = weights[key] === undefined ? '' : String(weights[key]);
        }
    }

    async function saveWeights(event) {
        event.preventDefault();
        await act($('admin-weights-save'), async () => {
            const body = {};
            for (const key of WEIGHT_KEYS) {
                const value = $('weight-' + key).value.trim();
                if (value !== '') {
                    body[key] = Number(value);
                }
            }
            const saved = await api('PUT', '/admin/matching/weights', body);
            say('Weights saved; recompute generation ' + (saved.recompute ? saved.recompute.generation : '?')
                + ' started.', 'ok');
            await loadRecompute();
        });
    }

    async function loadStats() {
        const stats = await api('GET', '/admin/stats');
        const keys = Object.keys(stats || {}).sort();
        replaceChildren($('admin-stats'), keys.length ? keys.flatMap(key => [el('dt', {text: key}),
            el('dd', {'data-testid': 'stat', 'data-key': key, text: String(stats[key])})])
            : [el('dt', {text: 'Counts'}), el('dd', {'data-testid': 'stat', 'data-key': 'none', text: 'none yet'})]);
    }

    async function loadRecompute() {
        const p = await api('GET', '/admin/matching/recompute');
        const progress = $('admin-recompute-progress');
        const out = $('admin-recompute');
        out.dataset.state = p.state;
        if (p.state === 'idle') {
            out.textContent = 'No recompute has run.';
            progress.max = 1;
            progress.value = 0;
            return;
        }
        const total = Math.max(1, p.membersScheduled || 0);
        progress.max = total;
        progress.value = Math.min(total, p.membersDone || 0);
        out.textContent = 'Generation ' + p.generation + ' (' + p.reason + '), ' + p.state + ': '
            + p.membersDone + ' of ' + p.membersScheduled + ' members done, started ' + when(p.startedAt) + '.';
    }

    // ---------------------------------------------------------------- wiring

    function fillVisibilityOptions() {
        for (const key of VISIBILITY_FIELDS) {
            replaceChildren($('profile-visibility-' + key), VISIBILITY.map(v => el('option', {value: v, text: v})));
            $('profile-visibility-' + key).value = 'suggestions';
        }
    }

    function wire() {
        for (const view of VIEWS) {
            $('nav-' + view).addEventListener('click', () => navigate(view));
        }
        $('signout-button').addEventListener('click', signOut);
        $('signin-form').addEventListener('submit', signInLocally);
        $('token-form').addEventListener('submit', signInWithToken);
        $('profile-form').addEventListener('submit', saveProfile);
        $('profile-reload').addEventListener('click', e => act(e.currentTarget, async () => {
            await loadProfile();
            say('Profile reloaded.', 'info');
        }));
        $('profile-education-add').addEventListener('click', () => addEducationRow(null));
        $('friends-form').addEventListener('submit', saveFriends);
        $('guidelines-refresh').addEventListener('click', e => act(e.currentTarget, loadGuidelines));
        $('suggestions-form').addEventListener('submit', e => {
            e.preventDefault();
            act($('suggestions-refresh'), loadSuggestions);
        });
        $('inbox-refresh').addEventListener('click', e => act(e.currentTarget, loadInbox));
        $('mentorships-refresh').addEventListener('click', e => act(e.currentTarget, loadMentorships));
        $('block-form').addEventListener('submit', blockMember);
        $('blocks-refresh').addEventListener('click', e => act(e.currentTarget, loadBlocks));
        $('report-form').addEventListener('submit', reportMember);
        $('admin-guidelines-role').addEventListener('change', () => loadCurrentGuidelines().catch(report));
        $('admin-guidelines-load').addEventListener('click', e => act(e.currentTarget, fillGuidelinesDraft));
        $('admin-guidelines-form').addEventListener('submit', publishGuidelines);
        $('admin-weights-form').addEventListener('submit', saveWeights);
        $('admin-weights-load').addEventListener('click', e => act(e.currentTarget, loadWeights));
        $('admin-stats-refresh').addEventListener('click', e => act(e.currentTarget, loadStats));
        $('admin-recompute-refresh').addEventListener('click', e => act(e.currentTarget, loadRecompute));
    }

    async function init() {
        fillVisibilityOptions();
        buildWeightInputs();
        wire();
        const fromFragment = takeTokenFromFragment();
        setUpHostedUi();
        const token = fromFragment || sessionStorage.getItem(TOKEN_KEY);
        renderSession();
        show('signin', false);
        if (token) {
            try {
                await startSession(token);
            } catch (err) {
                sessionStorage.removeItem(TOKEN_KEY);
                report(err);
            }
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}());
