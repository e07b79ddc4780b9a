// Passkeys (decision 0030): the login page's "sign in with a passkey" and the passkeys page's "create a passkey".
// The server gives the WebAuthn options as JSON (base64url for binary fields) and reads the browser's answer as JSON;
// this file only converts between the two and the browser's ArrayBuffers. No inline script: the CSP allows 'self' only.
(function () {
    'use strict';

    var supported = typeof window.PublicKeyCredential === 'function' &&
        !!navigator.credentials && typeof navigator.credentials.create === 'function';

    function fromBase64Url(text) {
        var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
        while (base64.length % 4) base64 += '=';
        var binary = atob(base64);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
        return bytes.buffer;
    }

    function toBase64Url(buffer) {
        if (!buffer) return null;
        var bytes = new Uint8Array(buffer);
        var binary = '';
        for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
        return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    function descriptors(list) {
        return (list || []).map(function (d) { return { type: d.type, id: fromBase64Url(d.id), transports: d.transports }; });
    }

    function creationOptions(json) {
        var options = Object.assign({}, json);
        options.challenge = fromBase64Url(json.challenge);
        options.user = Object.assign({}, json.user, { id: fromBase64Url(json.user.id) });
        options.excludeCredentials = descriptors(json.excludeCredentials);
        return options;
    }

    function requestOptions(json) {
        var options = Object.assign({}, json);
        options.challenge = fromBase64Url(json.challenge);
        options.allowCredentials = descriptors(json.allowCredentials);
        return options;
    }

    function credentialJson(credential) {
        var response = credential.response;
        var answer = { clientDataJSON: toBase64Url(response.clientDataJSON) };
        if (response.attestationObject) {
            answer.attestationObject = toBase64Url(response.attestationObject);
            answer.transports = typeof response.getTransports === 'function' ? response.getTransports() : [];
        } else {
            answer.authenticatorData = toBase64Url(response.authenticatorData);
            answer.signature = toBase64Url(response.signature);
            answer.userHandle = toBase64Url(response.userHandle);
        }
        return JSON.stringify({
            id: credential.id,
            rawId: toBase64Url(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment || null,
            response: answer,
            clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
        });
    }

    function say(form, key) {
        var message = form.querySelector('[data-passkey-message]');
        if (!message) return;
        message.textContent = form.getAttribute('data-' + key) || '';
        message.hidden = !message.textContent;
    }

    // The options come from the same page (a POST with the form's antiforgery token), the answer goes back as a normal
    // form post, so that the server's redirect or page is what the person sees next.
    function wire(form, ceremony) {
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var button = form.querySelector('button[type=submit]');
            if (button) button.disabled = true;
            say(form, '');
            var body = new FormData(form);
            body.delete('Credential');
            fetch(form.getAttribute('data-options-url'), { method: 'POST', body: body, credentials: 'same-origin' })
                .then(function (response) {
                    if (!response.ok) throw new Error('options ' + response.status);
                    return response.json();
                })
                .then(ceremony)
                .then(function (credential) {
                    form.querySelector('input[name=Credential]').value = credentialJson(credential);
                    form.submit();
                })
                .catch(function (error) {
                    if (button) button.disabled = false;
                    var name = error && error.name;
                    say(form, name === 'NotAllowedError' || name === 'AbortError' ? 'cancelled'
                        : name === 'InvalidStateError' ? 'exists' : 'failed');
                });
        });
    }

    document.querySelectorAll('[data-passkey-support]').forEach(function (element) {
        // Elements for browsers with WebAuthn are shown, the notice for the others stays.
        element.hidden = element.getAttribute('data-passkey-support') === 'yes' ? !supported : supported;
    });
    if (!supported) return;

    document.querySelectorAll('form[data-passkey-create]').forEach(function (form) {
        wire(form, function (json) { return navigator.credentials.create({ publicKey: creationOptions(json) }); });
    });
    document.querySelectorAll('form[data-passkey-signin]').forEach(function (form) {
        wire(form, function (json) { return navigator.credentials.get({ publicKey: requestOptions(json) }); });
    });
})();
