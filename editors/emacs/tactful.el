;;; tactful.el --- Eglot set-up for the tactful language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools, wp
;; URL: https://github.com/tactful-dev/tactful
;; SPDX-License-Identifier: MIT OR Apache-2.0

;;; Commentary:

;; tactful checks draft customer-support replies for jargon, unanswered questions, missing
;; acknowledgement and lecture-length answers.  Loading this file registers its language
;; server, `tactful-lsp', with Eglot for Markdown (`markdown-mode', `gfm-mode') and plain text
;; (`text-mode').  Eglot runs one server per buffer, so in Markdown buffers tactful takes the
;; place of Eglot's default Markdown server.
;;
;;   (load "/path/to/tactful/editors/emacs/tactful.el")
;;   (add-hook 'markdown-mode-hook #'tactful-eglot-ensure)
;;   (add-hook 'text-mode-hook #'tactful-eglot-ensure)
;;
;; Settings (`tactful-audience', `tactful-mode-setting', `tactful-rules') are sent as the
;; server's initializationOptions and again right after it connects.  Left at nil, each is
;; decided by the nearest tactful.toml.  After changing one, run `tactful-eglot-reconfigure'
;; in a draft's buffer.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup tactful nil
  "Lint draft customer-support replies with tactful."
  :group 'tools
  :prefix "tactful-")

(defcustom tactful-server-command '("tactful-lsp")
  "The tactful language server and its arguments.
The program must be on the variable `exec-path' or be an absolute file name.
The tactful CLI works too: a lone \"tactful\" is run as \"tactful lsp\"."
  :type '(repeat string))

(defcustom tactful-audience nil
  "Who the replies are written for; nil leaves it to tactful.toml."
  :type '(choice (const :tag "From tactful.toml" nil)
                 (const "novice")
                 (const "general")
                 (const "technical")))

(defcustom tactful-mode-setting nil
  "The kind of text: \"reply\" (a draft about to be sent) or \"template\".
In \"reply\" mode a placeholder left in the text is an error.  nil
leaves it to tactful.toml."
  :type '(choice (const :tag "From tactful.toml" nil)
                 (const "reply")
                 (const "template")))

(defcustom tactful-rules nil
  "Severity per rule, overriding tactful.toml, as an alist of strings.
For example ((\"lecture-length\" . \"off\") (\"jargon\" . \"info\"))."
  :type '(alist :key-type (choice (const "jargon")
                                  (const "jargon-density")
                                  (const "unanswered-question")
                                  (const "missing-acknowledgement")
                                  (const "lecture-length")
                                  (const "unfilled-placeholder"))
                :value-type (choice (const "off")
                                    (const "hint")
                                    (const "info")
                                    (const "warning")
                                    (const "error"))))

(defclass tactful-eglot-server (eglot-lsp-server) ()
  "An Eglot connection to the tactful language server.")

(defun tactful--empty-object ()
  "Return an empty JSON object (nil would be sent as null)."
  (make-hash-table :test #'equal))

(defun tactful-settings ()
  "Return the settings to send: (:tactful (:audience .. :mode .. :rules (..))).
Settings left at nil are left out, so tactful.toml decides them."
  (let ((tactful nil))
    (when tactful-rules
      (let ((rules nil))
        (pcase-dolist (`(,id . ,level) (reverse tactful-rules))
          (setq rules (cl-list* (intern (concat ":" id)) level rules)))
        (setq tactful (plist-put tactful :rules rules))))
    (when tactful-mode-setting
      (setq tactful (plist-put tactful :mode tactful-mode-setting)))
    (when tactful-audience
      (setq tactful (plist-put tactful :audience tactful-audience)))
    (list :tactful (or tactful (tactful--empty-object)))))

(defun tactful--command ()
  "Return the server command, with \"lsp\" added for the tactful CLI."
  (let* ((command (copy-sequence tactful-server-command))
         (program (car command)))
    (unless (and program (executable-find program))
      (user-error "Cannot start tactful's language server: %S %s; put tactful-lsp on \
PATH or set `tactful-server-command' to its absolute file name"
                  program
                  (if (and program (file-name-absolute-p program))
                      "is not an executable file"
                    "was not found on exec-path")))
    (if (and (null (cdr command))
             (string= (file-name-sans-extension (file-name-nondirectory program))
                      "tactful"))
        (append command '("lsp"))
      command)))

(defun tactful-eglot-contact (&optional _interactive)
  "Return the Eglot contact for tactful: server class, command and options."
  `(tactful-eglot-server ,@(tactful--command)
                         :initializationOptions ,(lambda (_server) (tactful-settings))))

(defun tactful--configured-elsewhere-p ()
  "Return non-nil if `eglot-workspace-configuration' has a :tactful section."
  (let ((conf eglot-workspace-configuration))
    (and (consp conf) (keywordp (car conf)) (plist-member conf :tactful))))

(defun tactful--after-connect (server)
  "Resend tactful's settings to SERVER once Eglot has sent its own.
On connecting, Eglot sends `eglot-workspace-configuration', which is
usually empty, and an empty configuration would replace the settings
passed as initializationOptions.  A :tactful section in
`eglot-workspace-configuration' (e.g. from .dir-locals.el) wins."
  (when (and (cl-typep server 'tactful-eglot-server)
             (not (tactful--configured-elsewhere-p)))
    (tactful-eglot-reconfigure server)))

(defun tactful-eglot-reconfigure (&optional server)
  "Send the current tactful settings to SERVER (default: this buffer's).
tactful checks every open draft again with them."
  (interactive)
  (let ((server (or server (eglot-current-server))))
    (unless (cl-typep server 'tactful-eglot-server)
      (user-error "No tactful server is running for this buffer"))
    (jsonrpc-notify server :workspace/didChangeConfiguration
                    (list :settings (tactful-settings)))))

;;;###autoload
(defun tactful-eglot-ensure ()
  "Start tactful for this buffer if it is Markdown or plain `text-mode'.
For `markdown-mode-hook' and `text-mode-hook'; other modes derived from
`text-mode' (Org, LaTeX, ...) are left alone."
  (when (or (derived-mode-p 'markdown-mode) (eq major-mode 'text-mode))
    (eglot-ensure)))

(defun tactful-eglot-setup ()
  "Register tactful in `eglot-server-programs'."
  ;; First in the list, so that it is chosen over Eglot's default Markdown server.
  (add-to-list 'eglot-server-programs
               '((markdown-mode (gfm-mode :language-id "markdown")) . tactful-eglot-contact))
  ;; Last in the list: Eglot matches derived modes too, and every mode derived from
  ;; text-mode that has a server of its own (LaTeX, reStructuredText, ...) must keep it.
  (add-to-list 'eglot-server-programs
               '((text-mode :language-id "plaintext") . tactful-eglot-contact)
               t)
  (add-hook 'eglot-connect-hook #'tactful--after-connect t))

(tactful-eglot-setup)

(provide 'tactful)
;;; tactful.el ends here
