#!/bin/sh
# azd postdeploy hook (POSIX sh): subscribe onWorkspaceEvent to the Event Grid system topic of
# this Azure subscription. Runs after `azd deploy` because Event Grid validates the function
# endpoint when the subscription is created. Idempotent: re-running redeploys the same resources.
#
# Reads the azd environment (azd passes it to hooks): AZURE_ENV_NAME, AZURE_LOCATION,
# AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_NAME, AZURE_FUNCTION_RESOURCE_ID,
# EVENTGRID_IDENTITY_RESOURCE_ID, EVENTGRID_DEADLETTER_STORAGE_ID, EVENTGRID_DEADLETTER_CONTAINER,
# EVENTGRID_SYSTEM_TOPIC_NAME. Optional: LAKEWIRE_SYSTEM_TOPIC_NAME and
# LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP to use the subscription's existing system topic.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli" >&2
  exit 1
fi

# Values not in the process environment are read from the azd environment.
if [ -z "${AZURE_FUNCTION_RESOURCE_ID:-}" ] && command -v azd >/dev/null 2>&1; then
  values="$(mktemp)"
  azd env get-values >"$values"
  while IFS='=' read -r key value; do
    value="${value#\"}"
    value="${value%\"}"
    export "$key=$value"
  done <"$values"
  rm -f "$values"
fi

for name in AZURE_LOCATION AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP AZURE_FUNCTION_NAME \
  AZURE_FUNCTION_RESOURCE_ID EVENTGRID_IDENTITY_RESOURCE_ID EVENTGRID_DEADLETTER_STORAGE_ID \
  EVENTGRID_DEADLETTER_CONTAINER EVENTGRID_SYSTEM_TOPIC_NAME; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $name is not set; run 'azd provision' first" >&2
    exit 1
  fi
done

function_name="onWorkspaceEvent"
topic_name="${LAKEWIRE_SYSTEM_TOPIC_NAME:-$EVENTGRID_SYSTEM_TOPIC_NAME}"
topic_group="${LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP:-$AZURE_RESOURCE_GROUP}"

az account set --subscription "$AZURE_SUBSCRIPTION_ID"

# An Azure subscription has at most one system topic: refuse to guess if another one exists.
existing="$(az eventgrid system-topic list \
  --query "[?topicType=='Microsoft.Resources.Subscriptions' && source=='/subscriptions/${AZURE_SUBSCRIPTION_ID}'] | [0].[name, resourceGroup]" \
  -o tsv 2>/dev/null || true)"
if [ -n "$existing" ]; then
  existing_name="$(printf '%s' "$existing" | cut -f1)"
  existing_group="$(printf '%s' "$existing" | cut -f2)"
  if [ "$existing_name" != "$topic_name" ] || [ "$existing_group" != "$topic_group" ]; then
    echo "postdeploy: this subscription already has the system topic $existing_name (resource group $existing_group)." >&2
    echo "  To subscribe lakewire to it (its identity becomes lakewire's Event Grid identity), run:" >&2
    echo "  azd env set LAKEWIRE_SYSTEM_TOPIC_NAME $existing_name" >&2
    echo "  azd env set LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP $existing_group" >&2
    exit 1
  fi
fi

# The function is indexed shortly after the deployment: wait for it (at most 5 minutes).
attempt=0
until az functionapp function show --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "$AZURE_FUNCTION_NAME" --function-name "$function_name" --only-show-errors >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "postdeploy: function $function_name not found on $AZURE_FUNCTION_NAME after 5 minutes" >&2
    exit 1
  fi
  echo "postdeploy: waiting for $function_name to be indexed ($attempt/30)"
  sleep 10
done

echo "postdeploy: subscribing $function_name to $topic_name (Microsoft.Databricks/workspaces/write)"
az deployment sub create \
  --name "lakewire-eventgrid-${AZURE_ENV_NAME:-lakewire}" \
  --location "$AZURE_LOCATION" \
  --template-file "$(dirname "$0")/../eventgrid.bicep" \
  --parameters \
    resourceGroupName="$topic_group" \
    systemTopicName="$topic_name" \
    functionAppResourceId="$AZURE_FUNCTION_RESOURCE_ID" \
    functionName="$function_name" \
    eventGridIdentityResourceId="$EVENTGRID_IDENTITY_RESOURCE_ID" \
    deadLetterStorageAccountId="$EVENTGRID_DEADLETTER_STORAGE_ID" \
    deadLetterContainerName="$EVENTGRID_DEADLETTER_CONTAINER" \
  --only-show-errors --output none

echo "postdeploy: done. New Databricks workspaces in subscription $AZURE_SUBSCRIPTION_ID are onboarded."
