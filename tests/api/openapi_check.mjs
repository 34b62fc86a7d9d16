// SPDX-License-Identifier: Apache-2.0
// Checks a response against the OpenAPI document the server itself serves (GET /api/v1/openapi.json): the
// request's path must match one of the document's paths and method, the status must be one the operation
// declares (an error status, 400 and above, may fall under "default"; a success status must be declared by
// number), the content type must be one the declared response has (or the body empty when it has none), and a
// JSON body must satisfy the response's schema (JSON Schema 2020-12, as OpenAPI 3.1 says).
//
// The schemas are taken as the document writes them: an object schema without "additionalProperties" accepts
// fields it does not name, as JSON Schema defines; nothing here loosens or tightens them.

import Ajv2020 from 'ajv/dist/2020.js';

const documentId = 'https://kasane.invalid/api/v1/openapi.json';

function escapePointer(segment) {
    return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

// A matcher per documented path template; literal segments beat parameters, as in the server's router.
function compilePaths(paths) {
    return Object.keys(paths).map((template) => {
        const segments = template.split('/').slice(1);
        return {
            template,
            segments,
            specificity: segments.map((segment) => (segment.startsWith('{') ? 0 : 1)),
        };
    });
}

function matchTemplate(entry, pathSegments) {
    if (entry.segments.length !== pathSegments.length) return false;
    return entry.segments.every((segment, index) =>
        segment.startsWith('{') ? pathSegments[index] !== '' : segment === decodeURIComponent(pathSegments[index]));
}

function moreSpecific(a, b) {
    for (let i = 0; i < a.specificity.length; i++) {
        if (a.specificity[i] !== b.specificity[i]) return a.specificity[i] > b.specificity[i];
    }
    return false;
}

export class OpenApiCheck {
    constructor(document) {
        this.document = document;
        this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
        // The whole document is registered as one schema resource, so that "#/components/..." references inside
        // response schemas resolve against it; its OpenAPI keywords are ignored (strict: false).
        this.ajv.addSchema({ ...document, $id: documentId });
        this.paths = compilePaths(document.paths ?? {});
        this.validators = new Map();
        this.described = new Set();
    }

    // The documented template that `target` (path and query) falls under, or null.
    templateOf(target) {
        const pathOnly = target.split('?')[0];
        const pathSegments = pathOnly.split('/').slice(1);
        let best = null;
        for (const entry of this.paths) {
            if (matchTemplate(entry, pathSegments) && (best === null || moreSpecific(entry, best))) best = entry;
        }
        return best?.template ?? null;
    }

    validatorFor(pointer) {
        if (!this.validators.has(pointer)) {
            this.validators.set(pointer, this.ajv.compile({ $ref: `${documentId}#${pointer}` }));
        }
        return this.validators.get(pointer);
    }

    // Problems (strings naming the route and status) of one response; [] when it is as documented.
    check(method, target, response) {
        const template = this.templateOf(target);
        const lower = method.toLowerCase();
        const route = `${method} ${template ?? target.split('?')[0]}`;
        if (template === null) {
            // A page (HTML, outside /api/) is not part of the API; the page suites test it.
            if (!target.startsWith('/api/')) return [];
            return [`${route} ${response.status}: the path is not in the OpenAPI document`];
        }
        const operation = this.document.paths[template][lower];
        if (!operation) return [`${route} ${response.status}: the method is not in the OpenAPI document`];
        const status = String(response.status);
        let key = null;
        if (operation.responses?.[status]) key = status;
        else if (response.status >= 400 && operation.responses?.default) key = 'default';
        if (key === null) return [`${route} ${response.status}: the OpenAPI document does not describe this status`];
        this.described.add(`${route} ${key}`);
        const declared = operation.responses[key];
        const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        const media = declared.content ?? {};
        if (Object.keys(media).length === 0) {
            if (response.body !== '') {
                return [`${route} ${response.status}: the OpenAPI document declares no body, got ${contentType || 'a body'}`];
            }
            return [];
        }
        if (!(contentType in media)) {
            return [`${route} ${response.status}: content type "${contentType}" is not declared (${Object.keys(media).join(', ')})`];
        }
        if (contentType !== 'application/json') return [];
        let body;
        try {
            body = JSON.parse(response.body);
        } catch {
            return [`${route} ${response.status}: the body is not JSON`];
        }
        const pointer = ['', 'paths', template, lower, 'responses', key, 'content', contentType, 'schema']
            .map(escapePointer).join('/');
        const validate = this.validatorFor(pointer);
        if (validate(body)) return [];
        return validate.errors.slice(0, 8).map((error) =>
            `${route} ${response.status}: schema: ${error.instancePath || '(body)'} ${error.message}` +
            (error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''));
    }
}
