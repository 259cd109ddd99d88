{{/* The name every resource of a release starts with: the release's (install it as `kits`). */}}
{{- define "kits.fullname" -}}
{{ .Release.Name }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "kits.labels" -}}
app.kubernetes.io/name: kits
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: kits-{{ .Chart.Version }}
{{- end }}

{{/* What selects the kernel pods: the Deployment, the Service and the PodDisruptionBudget agree on it. */}}
{{- define "kits.kernelSelector" -}}
app.kubernetes.io/name: kits
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: kernel
{{- end }}

{{/* What selects the registry pod. */}}
{{- define "kits.registrySelector" -}}
app.kubernetes.io/name: kits
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: registry
{{- end }}

{{/* The in-cluster address of the registry the kernels install plugins from. */}}
{{- define "kits.registryUrl" -}}
http://{{ include "kits.fullname" . }}-registry:{{ .Values.registry.port }}
{{- end }}

{{/* Pod-level security every KiTS pod runs with: the image's numeric non-root user. */}}
{{- define "kits.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security: read-only root file system, no privilege escalation, no capabilities. */}}
{{- define "kits.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end }}
