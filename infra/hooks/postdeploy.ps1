# azd postdeploy hook (PowerShell): subscribe onWorkspaceEvent to the Event Grid system topic of
# this Azure subscription. Same steps as postdeploy.sh; see that file for the variables it reads.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  throw 'postdeploy: the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli'
}

function Get-Setting([string] $Name) {
  $value = [Environment]::GetEnvironmentVariable($Name)
  if ([string]::IsNullOrEmpty($value)) { return $null }
  return $value
}

# Values not in the process environment are read from the azd environment.
if (-not (Get-Setting 'AZURE_FUNCTION_RESOURCE_ID') -and (Get-Command azd -ErrorAction SilentlyContinue)) {
  foreach ($line in (& azd env get-values)) {
    if ($line -match '^([^=]+)=(.*)$') {
      [Environment]::SetEnvironmentVariable($Matches[1], ($Matches[2] -replace '^"|"$', ''))
    }
  }
}

$required = 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_NAME',
  'AZURE_FUNCTION_RESOURCE_ID', 'EVENTGRID_IDENTITY_RESOURCE_ID', 'EVENTGRID_DEADLETTER_STORAGE_ID',
  'EVENTGRID_DEADLETTER_CONTAINER', 'EVENTGRID_SYSTEM_TOPIC_NAME'
foreach ($name in $required) {
  if (-not (Get-Setting $name)) { throw "postdeploy: $name is not set; run 'azd provision' first" }
}

$functionName = 'onWorkspaceEvent'
$subscriptionId = Get-Setting 'AZURE_SUBSCRIPTION_ID'
$resourceGroup = Get-Setting 'AZURE_RESOURCE_GROUP'
$appName = Get-Setting 'AZURE_FUNCTION_NAME'
$topicName = if (Get-Setting 'LAKEWIRE_SYSTEM_TOPIC_NAME') { Get-Setting 'LAKEWIRE_SYSTEM_TOPIC_NAME' } else { Get-Setting 'EVENTGRID_SYSTEM_TOPIC_NAME' }
$topicGroup = if (Get-Setting 'LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP') { Get-Setting 'LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP' } else { $resourceGroup }

az account set --subscription $subscriptionId
if ($LASTEXITCODE -ne 0) { throw 'postdeploy: az account set failed' }

# An Azure subscription has at most one system topic: refuse to guess if another one exists.
$existing = az eventgrid system-topic list `
  --query "[?topicType=='Microsoft.Resources.Subscriptions' && source=='/subscriptions/$subscriptionId'] | [0]" `
  -o json 2>$null | ConvertFrom-Json
if ($existing -and ($existing.name -ne $topicName -or $existing.resourceGroup -ne $topicGroup)) {
  throw ("postdeploy: this subscription already has the system topic $($existing.name) (resource group $($existing.resourceGroup)). " +
    "To subscribe lakewire to it (its identity becomes lakewire's Event Grid identity): " +
    "azd env set LAKEWIRE_SYSTEM_TOPIC_NAME $($existing.name); azd env set LAKEWIRE_SYSTEM_TOPIC_RESOURCE_GROUP $($existing.resourceGroup)")
}

# The function is indexed shortly after the deployment: wait for it (at most 5 minutes).
for ($attempt = 1; ; $attempt++) {
  az functionapp function show --resource-group $resourceGroup --name $appName `
    --function-name $functionName --only-show-errors *> $null
  if ($LASTEXITCODE -eq 0) { break }
  if ($attempt -ge 30) { throw "postdeploy: function $functionName not found on $appName after 5 minutes" }
  Write-Host "postdeploy: waiting for $functionName to be indexed ($attempt/30)"
  Start-Sleep -Seconds 10
}

$envName = if (Get-Setting 'AZURE_ENV_NAME') { Get-Setting 'AZURE_ENV_NAME' } else { 'lakewire' }
Write-Host "postdeploy: subscribing $functionName to $topicName (Microsoft.Databricks/workspaces/write)"
az deployment sub create `
  --name "lakewire-eventgrid-$envName" `
  --location (Get-Setting 'AZURE_LOCATION') `
  --template-file (Join-Path $PSScriptRoot '..' 'eventgrid.bicep') `
  --parameters `
    "resourceGroupName=$topicGroup" `
    "systemTopicName=$topicName" `
    "functionAppResourceId=$(Get-Setting 'AZURE_FUNCTION_RESOURCE_ID')" `
    "functionName=$functionName" `
    "eventGridIdentityResourceId=$(Get-Setting 'EVENTGRID_IDENTITY_RESOURCE_ID')" `
    "deadLetterStorageAccountId=$(Get-Setting 'EVENTGRID_DEADLETTER_STORAGE_ID')" `
    "deadLetterContainerName=$(Get-Setting 'EVENTGRID_DEADLETTER_CONTAINER')" `
  --only-show-errors --output none
if ($LASTEXITCODE -ne 0) { throw 'postdeploy: the Event Grid deployment failed' }

Write-Host "postdeploy: done. New Databricks workspaces in subscription $subscriptionId are onboarded."
